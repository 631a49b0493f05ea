using static Harn.Vm.Tests.Stdlib.StdlibAssert;
using Xunit;

namespace Harn.Vm.Tests.Stdlib;

/// <summary>Edge cases of the core builtins and Result helpers (<c>Core</c>, <c>Errors</c>): conversions of bad input, assertion texts.</summary>
public sealed class CoreAndResultEdgeTests
{
    [Fact]
    public void ConversionsOfBadInputGiveNil()
    {
        Prints("""
            println(to_int("42"))
            println(to_int(" 7 "))
            println(to_int("x"))
            println(to_int(""))
            println(to_int(3.9))
            println(to_int(-3.9))
            println(to_float("1e2"))
            println(to_float("x"))
            println(to_string(nil))
            println(len(nil))
            println(len("é😀"))
            """,
            "42", "7", "nil", "nil", "3", "-3", "100.0", "nil", "nil", "0", "2");
    }

    [Fact]
    public void ResultHelpers()
    {
        Prints("""
            println(unwrap(Ok(1)))
            println(unwrap(5))
            println(unwrap_or(Err("e"), 2))
            println(is_ok(Ok(nil)))
            println(is_err(5))
            """,
            "1", "5", "2", "true", "false");
        Fails("unwrap(Err(\"boom\"))", "Runtime error: unwrap called on Err: boom");
        Fails("unwrap_err(Ok(1))", "Runtime error: unwrap_err called on non-Err");
    }

    [Fact]
    public void AssertionsThrowUpstreamsTexts()
    {
        Fails("assert_eq(1, 2)", "Thrown: Assertion failed: expected 2, got 1");
        Fails("assert(false, \"msg é\")", "Thrown: msg é");
        Fails("assert(false)", "Thrown: Assertion failed");
        Fails("assert_ne(1, 1)", "Thrown: Assertion failed: values should not be equal: 1");
        Fails("unreachable(\"v\")", "Runtime error: unreachable code was reached: v");
    }
}
