using static Harn.Vm.Tests.Stdlib.StdlibAssert;
using Xunit;

namespace Harn.Vm.Tests.Stdlib;

/// <summary>Edge cases of the math builtins (<c>MathBuiltins</c>): empty input, non-numbers, IEEE results, integer edges.</summary>
public sealed class MathEdgeTests
{
    [Fact]
    public void EmptyInputs()
    {
        Prints("""
            println(min())
            println(max())
            println(min([]))
            println(random_choice([]))
            """,
            "nil", "nil", "nil", "nil");
        Fails("mean([])", "Runtime error: items must not be empty");
        Fails("median([])", "Runtime error: items must not be empty");
    }

    [Fact]
    public void NonNumbersAreTypeErrors()
    {
        Fails("abs(\"x\")", "Type error: abs: expected a number, got string");
        Fails("sqrt(\"x\")", "Type error: sqrt: expected a number, got string");
        Fails("floor(nil)", "Type error: floor: expected a number, got nil");
        Fails("pow(\"a\", 2)", "Type error: pow: expected a number, got string");
    }

    [Fact]
    public void RangeChecks()
    {
        Fails("percentile([1], 101)", "Runtime error: percentile must be between 0 and 100");
        Fails("random_int(5, 1)", "Runtime error: random_int: max must be >= min");
    }

    [Fact]
    public void IeeeAndIntegerEdges()
    {
        Prints("""
            println(sqrt(-1))
            println(is_nan(sqrt(-1)))
            println(ln(0))
            println(1 / 0.0)
            println(abs(-9223372036854775807 - 1))
            println(pow(2, -1))
            println(pow(0, 0))
            println(sign(0))
            """,
            "NaN", "true", "-inf", "inf", "-9223372036854775808", "0.5", "1", "0");
    }

    [Fact]
    public void RoundingKeepsUpstreamsRules()
    {
        Prints("""
            println(round(2.5))
            println(round(-2.5))
            println(floor(-0.5))
            println(ceil(1.2))
            println(abs(-2.5))
            println(min(1, 2.5))
            println(max([3, 1]))
            """,
            "3", "-3", "-1", "2", "2.5", "1.0", "3");
    }
}
