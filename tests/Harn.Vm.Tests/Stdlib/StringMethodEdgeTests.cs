using static Harn.Vm.Tests.Stdlib.StdlibAssert;
using Xunit;

namespace Harn.Vm.Tests.Stdlib;

/// <summary>Edge cases of the string methods (<c>StringMethods</c>): empty strings, wrong argument types, Unicode scalars.</summary>
public sealed class StringMethodEdgeTests
{
    [Fact]
    public void EmptyStrings()
    {
        Prints("""
            println("".count)
            println("".empty)
            println("".lines())
            println("".chars())
            println("".reverse() == "")
            println("".split(",").count)
            println("ab".repeat(0) == "")
            println("ab".repeat(-1) == "")
            println("".index_of("x"))
            """,
            "0", "true", "[]", "[]", "true", "1", "true", "true", "-1");
    }

    [Fact]
    public void WrongArgumentTypes()
    {
        Fails("\"abc\".repeat(\"x\")", "Type error: repeat: expected an int, got string");
        Fails("\"abc\".pad_left(\"x\")", "Type error: pad_left: expected an int, got string");
        Fails("\"abc\"[\"x\":2]", "Type error: slice start must be an integer, got string");
        Prints("""
            println("abc".contains(1))
            println("a1b".split(1))
            println("abc".no_such_method())
            """,
            "false", "[a, b]", "nil");
    }

    [Fact]
    public void ScalarsNotUtf16Units()
    {
        Prints("""
            let s = "héllo wörld"
            println(s.count)
            println(s.index_of("ö"))
            println(s.last_index_of("l"))
            println(s.substring(1, 4))
            println(s.upper())
            println("😀ab".reverse())
            println("héllo".char_at(1))
            println("héllo".char_at(-1))
            println("héllo".chars())
            println("7".pad_right(3, "é"))
            println("héllo"[1])
            println("héllo"[1:3])
            println("héllo"[-2:])
            """,
            "11", "7", "9", "éll", "HÉLLO WÖRLD", "ba😀", "é", "o", "[h, é, l, l, o]", "7éé", "é", "él", "lo");
    }

    [Fact]
    public void OutOfRangeIsNilOrEmpty()
    {
        Prints("""
            println("abc"[5])
            println("abc"[2:1] == "")
            println("abc".substring(20) == "")
            println("x".char_at(5))
            """,
            "nil", "true", "true", "nil");
    }

    [Fact]
    public void LinesDropTheirTerminators()
    {
        Prints("""
            println("a\nb\r\nc".lines())
            println("a\n".lines())
            """,
            "[a, b, c]", "[a]");
    }
}
