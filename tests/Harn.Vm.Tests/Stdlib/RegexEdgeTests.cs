using static Harn.Vm.Tests.Stdlib.StdlibAssert;
using Xunit;

namespace Harn.Vm.Tests.Stdlib;

/// <summary>Edge cases of the regex builtins (<c>Regexes</c>): no matches, empty text, flags, Unicode, invalid patterns.</summary>
public sealed class RegexEdgeTests
{
    [Fact]
    public void NoMatches()
    {
        Prints("""
            println(regex_match("x", ""))
            println(regex_captures("z", "abc"))
            println(regex_test("^$", ""))
            println(regex_replace("z", "y", "abc"))
            """,
            "nil", "[]", "true", "abc");
    }

    [Fact]
    public void SplitTakesTheTextFirst()
    {
        Prints("""
            println(regex_split("a1b22c", "\\d+"))
            println(regex_split(",", "").count)
            """,
            "[a, b, c]", "3");
    }

    [Fact]
    public void FlagsAndUnicode()
    {
        Prints("""
            println(regex_match("A", "a", "i"))
            println(regex_match("é+", "éé e"))
            println(regex_replace("é", "e", "héé"))
            println(regex_captures("(?P<y>\\d{4})", "in 2024"))
            """,
            "[a]", "[éé]", "hee", "[{groups: [2024], match: 2024, y: 2024}]");
    }

    [Fact]
    public void InvalidPatternsThrow()
    {
        Assert.StartsWith(
            "Runtime error: regex_match: invalid regex: ",
            Assert.Throws<Harn.Runtime.HarnRuntimeException>(() => Vm.ScriptRunner.Run("regex_match(\"(\", \"x\")")).Message,
            StringComparison.Ordinal);
    }
}
