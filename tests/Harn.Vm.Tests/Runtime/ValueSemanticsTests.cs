using Harn.Runtime;
using Xunit;
using static Harn.Vm.Tests.Stdlib.V;

namespace Harn.Vm.Tests.Runtime;

public class ValueSemanticsTests
{
    [Fact]
    public void Equality_is_structural_and_numeric_across_int_and_float()
    {
        Assert.True(ValueEquality.AreEqual(I(1), F(1.0)));
        Assert.True(ValueEquality.AreEqual(L(I(1), S("a")), L(F(1), S("a"))));
        Assert.True(ValueEquality.AreEqual(D(("a", I(1))), D(("a", I(1)))));
        Assert.False(ValueEquality.AreEqual(D(("a", I(1))), D(("b", I(1)))));
        Assert.False(ValueEquality.AreEqual(I(1), S("1")));
        Assert.False(ValueEquality.AreEqual(Value.FromDuration(5000), Value.FromDuration(5000)));
        Assert.True(ValueEquality.AreEqual(Value.Nil, Value.Nil));
        Assert.True(ValueEquality.AreEqual(HarnEnumVariant.Ok(I(1)), HarnEnumVariant.Ok(I(1))));
        Assert.False(ValueEquality.AreEqual(HarnEnumVariant.Ok(I(1)), HarnEnumVariant.Err(I(1))));
        Assert.True(ValueEquality.AreEqual(HarnRange.Create(1, 3, true), HarnRange.Create(1, 3, true)));
    }

    [Fact]
    public void Adding_dicts_merges_in_key_order_and_the_right_value_wins()
    {
        var left = D(("b", I(1)), ("d", I(2)), ("f", I(3)));
        Assert.Equal("{a: 0, b: 1, c: 9, d: 8, e: 7, f: 3, g: 6}", Show(Arithmetic.Add(left, D(("g", I(6)), ("a", I(0)), ("e", I(7)), ("c", I(9)), ("d", I(8))))));
        Assert.Equal("{b: 1, d: 5, f: 3}", Show(Arithmetic.Add(left, D(("d", I(5))))));
        Assert.Equal("{b: 1, d: 2, f: 3, z: 1}", Show(Arithmetic.Add(left, D(("z", I(1))))));
        Assert.Equal("{b: 2, d: 2, f: 3}", Show(Arithmetic.Add(left, D(("b", I(2)), ("d", I(2)), ("f", I(3))))));
        Assert.Equal("{b: 1, d: 2, f: 3}", Show(Arithmetic.Add(D(), left)));
        Assert.Equal("{b: 1, d: 2, f: 3}", Show(left));
    }

    [Fact]
    public void Ordering_compares_numbers_strings_and_pairs_only()
    {
        Assert.True(ValueComparer.Less(I(3), F(3.5)));
        Assert.True(ValueComparer.Less(S("B"), S("a")));
        Assert.True(ValueComparer.Less(S("\uFFFF"), S("\U0001F600")));
        Assert.True(ValueComparer.Less(HarnPair.Create(I(1), I(9)), HarnPair.Create(I(2), I(0))));
        Assert.False(ValueComparer.Less(L(I(1)), L(I(2))));
        Assert.True(ValueComparer.LessOrEqual(Value.Nil, I(1)));
    }

    [Fact]
    public void Truthiness_follows_harn_rules()
    {
        Assert.False(Truthiness.IsTruthy(I(0)));
        Assert.False(Truthiness.IsTruthy(F(-0.0)));
        Assert.False(Truthiness.IsTruthy(S("")));
        Assert.False(Truthiness.IsTruthy(L()));
        Assert.False(Truthiness.IsTruthy(D()));
        Assert.False(Truthiness.IsTruthy(Value.FromDuration(0)));
        Assert.True(Truthiness.IsTruthy(F(double.NaN)));
        Assert.True(Truthiness.IsTruthy(HarnRange.Create(5, 1, true)));
        Assert.True(Truthiness.IsTruthy(S("0")));
    }

    [Fact]
    public void Arithmetic_follows_int_and_float_rules()
    {
        Assert.Equal("5", Show(Arithmetic.Add(I(2), I(3))));
        Assert.Equal("4.5", Show(Arithmetic.Add(I(3), F(1.5))));
        Assert.Equal("3", Show(Arithmetic.Divide(I(10), I(3))));
        Assert.Equal("-3", Show(Arithmetic.Divide(I(-10), I(3))));
        Assert.Equal("3.5", Show(Arithmetic.Divide(I(7), F(2.0))));
        Assert.Equal("-1", Show(Arithmetic.Modulo(I(-7), I(3))));
        Assert.Equal("1.5", Show(Arithmetic.Modulo(F(7.5), I(2))));
        Assert.Equal("inf", Show(Arithmetic.Divide(F(1), F(0))));
        Assert.Equal("256", Show(Arithmetic.Power(I(2), I(8))));
        Assert.Equal("0.5", Show(Arithmetic.Power(I(2), I(-1))));
        Assert.Equal("3.0", Show(Arithmetic.Power(F(9), F(0.5))));
        Assert.Equal(long.MinValue.ToString(System.Globalization.CultureInfo.InvariantCulture), Show(Arithmetic.Add(I(long.MaxValue), I(1))));
        Assert.Equal(long.MinValue.ToString(System.Globalization.CultureInfo.InvariantCulture), Show(Arithmetic.Divide(I(long.MinValue), I(-1))));
        Assert.Equal("hahaha", Show(Arithmetic.Multiply(S("ha"), I(3))));
        Assert.Equal("", Show(Arithmetic.Multiply(I(-1), S("ha"))));
        Assert.Equal("[1, 2, 3]", Show(Arithmetic.Add(Ints(1), Ints(2, 3))));
        Assert.Equal("{a: 2, b: 3}", Show(Arithmetic.Add(D(("a", I(1)), ("b", I(3))), D(("a", I(2))))));
        Assert.Equal("-5", Show(Arithmetic.Negate(I(5))));
    }

    [Theory]
    [InlineData("add", "Type error: Cannot add int and string")]
    [InlineData("sub", "Type error: Cannot subtract string from int")]
    [InlineData("mul", "Type error: Cannot multiply int and nil")]
    [InlineData("div", "Runtime error: Cannot divide int by string")]
    [InlineData("mod", "Runtime error: Cannot modulo int by string")]
    [InlineData("pow", "Type error: Cannot exponentiate int by string")]
    [InlineData("neg", "Runtime error: Cannot negate value of type string")]
    public void Arithmetic_type_errors_use_upstream_texts(string op, string expected)
    {
        var right = op == "mul" ? Value.Nil : S("x");
        var error = Assert.Throws<HarnRuntimeException>(() => op switch
        {
            "add" => Arithmetic.Add(I(1), right),
            "sub" => Arithmetic.Subtract(I(1), right),
            "mul" => Arithmetic.Multiply(I(1), right),
            "div" => Arithmetic.Divide(I(1), right),
            "mod" => Arithmetic.Modulo(I(1), right),
            "pow" => Arithmetic.Power(I(1), right),
            _ => Arithmetic.Negate(right),
        });
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Division_by_zero_is_an_error_for_ints_and_any_modulo()
    {
        Assert.Equal(ErrorKind.DivisionByZero, Assert.Throws<HarnRuntimeException>(() => Arithmetic.Divide(I(1), I(0))).Kind);
        Assert.Equal(ErrorKind.DivisionByZero, Assert.Throws<HarnRuntimeException>(() => Arithmetic.Modulo(I(1), I(0))).Kind);
        Assert.Equal(ErrorKind.DivisionByZero, Assert.Throws<HarnRuntimeException>(() => Arithmetic.Modulo(F(1), F(0))).Kind);
        Assert.Equal("Division by zero", Assert.Throws<HarnRuntimeException>(() => Arithmetic.Divide(I(1), I(0))).Message);
    }

    [Fact]
    public void Indexing_and_slicing_count_unicode_scalars()
    {
        var text = S("a🎉b");
        Assert.Equal("🎉", Show(ValueAccess.Index(text, I(1))));
        Assert.Equal("b", Show(ValueAccess.Index(text, I(-1))));
        Assert.Equal("nil", Show(ValueAccess.Index(text, I(3))));
        Assert.Equal("🎉b", Show(ValueAccess.Slice(text, I(1), Value.Nil)));
        Assert.Equal("[20, 30]", Show(ValueAccess.Slice(Ints(10, 20, 30, 40), I(1), I(3))));
        Assert.Equal("[40]", Show(ValueAccess.Slice(Ints(10, 20, 30, 40), I(-1), Value.Nil)));
        Assert.Equal("[]", Show(ValueAccess.Slice(Ints(10, 20), I(2), I(1))));
        Assert.Equal("50", Show(ValueAccess.Index(Ints(10, 50), I(-1))));
        Assert.Equal("nil", Show(ValueAccess.Index(Ints(10, 50), I(-100))));
        Assert.Equal("1", Show(ValueAccess.Index(D(("1", I(1))), I(1))));
    }

    [Fact]
    public void Index_errors_use_upstream_texts()
    {
        Assert.Equal("Type error: cannot index into nil with int", Assert.Throws<HarnRuntimeException>(() => ValueAccess.Index(Value.Nil, I(0))).Message);
        Assert.Equal(
            "Runtime error: range index out of range: index 100 for range of length 5",
            Assert.Throws<HarnRuntimeException>(() => ValueAccess.Index(HarnRange.Create(1, 5, true), I(100))).Message);
        Assert.Equal(
            "Runtime error: Index 10 out of bounds for list of length 3",
            Assert.Throws<HarnRuntimeException>(() => ValueAccess.TryWithIndex(Ints(1, 2, 3), I(10), I(99), out _)).Message);
        Assert.Equal("Type error: cannot slice int", Assert.Throws<HarnRuntimeException>(() => ValueAccess.Slice(I(1), Value.Nil, Value.Nil)).Message);
    }

    [Fact]
    public void Membership_depends_on_the_collection()
    {
        Assert.True(ValueAccess.Contains(Ints(1, 2, 3), F(2.0)));
        Assert.True(ValueAccess.Contains(S("hello world"), S("lo w")));
        Assert.True(ValueAccess.Contains(D(("a", I(1))), S("a")));
        Assert.True(ValueAccess.Contains(HarnRange.Create(1, 5, true), I(5)));
        Assert.False(ValueAccess.Contains(HarnRange.Create(1, 5, false), I(5)));
        Assert.False(ValueAccess.Contains(I(5), I(5)));
    }

    [Fact]
    public void Ranges_are_lazy_and_saturate()
    {
        var huge = new HarnRange(long.MinValue, long.MaxValue, inclusive: true);
        Assert.Equal(long.MaxValue, huge.Length);
        Assert.Equal(0, new HarnRange(5, 1, inclusive: true).Length);
        Assert.Equal(4, new HarnRange(0, 4, inclusive: false).Length);
    }

    [Fact]
    public void Sets_deduplicate_by_structure_keeping_int_and_float_apart()
    {
        var set = HarnSet.Create([I(1), S("1"), B(true), I(1), L(I(1), I(2)), L(I(1), I(2)), Value.Nil, Value.Nil, F(1.0)]);
        Assert.Equal("set(1, 1, true, [1, 2], nil, 1.0)", Show(HarnSet.ToValue(set)));
    }
}
