using static Harn.Vm.Tests.Stdlib.StdlibAssert;
using Xunit;

namespace Harn.Vm.Tests.Stdlib;

/// <summary>Edge cases of the string builtins (<c>Strings</c>): empty input, wrong types, Unicode.</summary>
public sealed class StringBuiltinEdgeTests
{
    [Fact]
    public void EmptyInputs()
    {
        Prints("""
            println(len(""))
            println(len(split("", ",")))
            println(split("a,,b", ","))
            println(trim("") == "")
            println(replace("", "a", "b") == "")
            println(replace("abc", "", "x"))
            println(join([], ",") == "")
            println(starts_with("", ""))
            println(title_case("") == "")
            println(camel_to_snake("") == "")
            println(len(unicode_graphemes("")))
            """,
            "0", "1", "[a, , b]", "true", "true", "abc", "true", "true", "true", "true", "0");
    }

    [Fact]
    public void WrongTypesAreTypeErrors()
    {
        Fails("trim(5)", "Type error: trim: expected a string, got int");
        Fails("split(5, \",\")", "Type error: split: expected a string, got int");
        Fails("uppercase(nil)", "Type error: uppercase: expected a string, got nil");
        Fails("replace(1, \"a\", \"b\")", "Type error: replace: expected a string, got int");
        Fails("starts_with(1, \"a\")", "Type error: starts_with: expected a string, got int");
        Fails("substring(\"abc\", \"x\")", "Type error: substring: expected an int, got string");
        Fails("unicode_normalize(\"x\", \"BAD\")", "Runtime error: unicode_normalize: unknown form 'BAD'");
    }

    [Fact]
    public void LengthsAndIndexesCountUnicodeScalars()
    {
        Prints("""
            println(len("héllo"))
            println(len("😀"))
            println(substring("héllo wörld", 6, 3))
            println(substring("héllo", 1))
            println(uppercase("straße"))
            println(lowercase("ÀÉ"))
            println(str_pad("é", 3, ".", "both"))
            println(split("a→b→c", "→"))
            """,
            "5", "1", "wör", "éllo", "STRAßE", "àé", ".é.", "[a, b, c]");
    }

    [Fact]
    public void GraphemesKeepClustersTogether()
    {
        Prints("""
            let family = "👨‍👩‍👧"
            println(len(family))
            println(len(unicode_graphemes(family)))
            println(unicode_graphemes("éa"))
            println(len(unicode_graphemes("🇫🇷🇩🇪")))
            """,
            "5", "1", "[é, a]", "2");
    }

    [Fact]
    public void NormalizationForms()
    {
        Prints("""
            let decomposed = unicode_normalize("é", "NFD")
            println(len(decomposed))
            println(len(unicode_normalize(decomposed, "NFC")))
            println(unicode_normalize("ﬁ", "NFKC"))
            """,
            "2", "1", "fi");
    }
}
