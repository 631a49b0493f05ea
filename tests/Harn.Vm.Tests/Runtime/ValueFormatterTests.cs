using Harn.Runtime;
using Xunit;
using static Harn.Vm.Tests.Stdlib.V;

namespace Harn.Vm.Tests.Runtime;

public class ValueFormatterTests
{
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(10.0, "10.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(3.14, "3.14")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(1e14, "100000000000000.0")]
    [InlineData(1e15, "1000000000000000")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1.5e20, "150000000000000000000")]
    [InlineData(1e-7, "0.0000001")]
    [InlineData(1.25e-5, "0.0000125")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(123456.789, "123456.789")]
    public void Floats_print_like_harn(double value, string expected) => Assert.Equal(expected, ValueFormatter.FormatFloat(value));

    [Theory]
    [InlineData(0, "0ms")]
    [InlineData(1500, "1500ms")]
    [InlineData(5000, "5s")]
    [InlineData(90_000, "90s")]
    [InlineData(120_000, "2m")]
    [InlineData(3_600_000, "1h")]
    [InlineData(86_400_000, "24h")]
    [InlineData(-2_000, "-2s")]
    public void Durations_use_the_largest_exact_unit(long ms, string expected) =>
        Assert.Equal(expected, Show(Value.FromDuration(ms)));

    [Fact]
    public void Collections_print_without_quotes()
    {
        Assert.Equal("[1, a, [2.0, nil], true]", Show(L(I(1), S("a"), L(F(2), Value.Nil), B(true))));
        Assert.Equal("{a: 1, b: [x]}", Show(D(("b", L(S("x"))), ("a", I(1)))));
        Assert.Equal("{}", Show(D()));
        Assert.Equal("[]", Show(L()));
    }

    [Fact]
    public void Composite_kinds_print_like_harn()
    {
        Assert.Equal("set(1, 2)", Show(HarnSet.ToValue(HarnSet.Create([I(1), I(2), I(1)]))));
        Assert.Equal("(1, hello)", Show(HarnPair.Create(I(1), S("hello"))));
        Assert.Equal("Result.Ok(20)", Show(HarnEnumVariant.Ok(I(20))));
        Assert.Equal("Color.Red", Show(HarnEnumVariant.Create("Color", "Red", HarnList.Empty)));
        Assert.Equal("Shape.Rect(1, 2)", Show(HarnEnumVariant.Create("Shape", "Rect", new HarnList([I(1), I(2)]))));
        Assert.Equal("1 to 5", Show(HarnRange.Create(1, 5, inclusive: true)));
        Assert.Equal("0 to 3 exclusive", Show(HarnRange.Create(0, 3, inclusive: false)));
        Assert.Equal("b\"00ff\"", Show(Value.FromBytes([0, 255])));
        Assert.Equal("b\"" + new string('0', 64) + "...+2\"", Show(Value.FromBytes(new byte[34])));
    }

    [Fact]
    public void Structs_print_set_fields_sorted_by_name()
    {
        var point = HarnStruct.Create("Point", HarnDict.FromEntries([new("y", I(4)), new("x", I(3))]), ["y", "x", "z"]);
        Assert.Equal("Point {x: 3, y: 4}", Show(Value.FromObject(ValueKind.Struct, point)));
    }

    [Fact]
    public void Deeply_nested_values_raise_a_harn_error()
    {
        var value = L();
        for (var i = 0; i < 2000; i++)
        {
            value = L(value);
        }

        var error = Assert.Throws<HarnRuntimeException>(() => Show(value));
        Assert.Equal(ErrorKind.Runtime, error.Kind);
    }
}
