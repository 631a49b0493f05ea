using Harn.Runtime;
using Xunit;
using static Harn.Vm.Tests.Stdlib.V;

namespace Harn.Vm.Tests.Stdlib;

public class CoreBuiltinTests
{
    private readonly TestBuiltinContext _ctx = new();

    [Fact]
    public void Output_builtins_write_the_first_argument()
    {
        _ctx.Call("log", L(S("a"), F(1)));
        _ctx.Call("print", S("x"));
        _ctx.Call("println", Value.Nil);
        _ctx.Call("eprintln", S("err"));
        Assert.Equal("[harn] [a, 1.0]\nxnil\n", _ctx.Stdout.ToString());
        Assert.Equal("err\n", _ctx.Stderr.ToString());
    }

    [Fact]
    public void Type_of_and_len()
    {
        Assert.Equal("int", _ctx.Show("type_of", I(1)));
        Assert.Equal("duration", _ctx.Show("type_of", Value.FromDuration(5)));
        Assert.Equal("set", _ctx.Show("type_of", _ctx.Call("set", I(1))));
        Assert.Equal("enum", _ctx.Show("type_of", _ctx.Call("Ok", I(1))));
        Assert.Equal("range", _ctx.Show("type_of", _ctx.Call("range", I(3))));
        Assert.Equal("4", _ctx.Show("len", S("café")));
        Assert.Equal("1", _ctx.Show("len", S("🎉")));
        Assert.Equal("3", _ctx.Show("len", _ctx.Call("range", I(3))));
    }

    [Fact]
    public void Conversions_match_upstream()
    {
        Assert.Equal("3", _ctx.Show("to_int", F(3.9)));
        Assert.Equal("-2", _ctx.Show("to_int", F(-2.7)));
        Assert.Equal("-5", _ctx.Show("to_int", S("-5")));
        Assert.Equal("nil", _ctx.Show("to_int", S("abc")));
        Assert.Equal("10.0", _ctx.Show("to_float", I(10)));
        Assert.Equal("-1.0", _ctx.Show("to_float", S("-1.0")));
        Assert.Equal("nil", _ctx.Show("to_float", S("xyz")));
        Assert.Equal("1.5", _ctx.Show("to_string", F(1.5)));
    }

    [Fact]
    public void Assertions_throw_strings()
    {
        Assert.Equal("Thrown: Assertion failed", Assert.Throws<HarnRuntimeException>(() => _ctx.Call("assert", B(false))).Message);
        Assert.Equal("Thrown: Assertion failed: expected 2, got 1", Assert.Throws<HarnRuntimeException>(() => _ctx.Call("assert_eq", I(1), I(2))).Message);
        Assert.Equal("Thrown: custom", Assert.Throws<HarnRuntimeException>(() => _ctx.Call("assert_eq", I(1), I(2), S("custom"))).Message);
        Assert.Equal("Thrown: Assertion failed: values should not be equal: 1", Assert.Throws<HarnRuntimeException>(() => _ctx.Call("assert_ne", I(1), F(1))).Message);
        Assert.Equal(Value.Nil.Kind, _ctx.Call("assert_eq", I(1), F(1)).Kind);
    }

    [Fact]
    public void Results_and_error_categories()
    {
        Assert.Equal("Result.Ok(42)", _ctx.Show("Ok", I(42)));
        Assert.Equal("7", _ctx.Show("unwrap", _ctx.Call("Ok", I(7))));
        Assert.Equal("5", _ctx.Show("unwrap", I(5)));
        Assert.Equal("0", _ctx.Show("unwrap_or", _ctx.Call("Err", S("x")), I(0)));
        Assert.Equal("boom", _ctx.Show("unwrap_err", _ctx.Call("Err", S("boom"))));
        Assert.Equal("Runtime error: unwrap called on Err: boom", Assert.Throws<HarnRuntimeException>(() => _ctx.Call("unwrap", _ctx.Call("Err", S("boom")))).Message);
        Assert.Equal("Runtime error: unwrap_err called on non-Err", Assert.Throws<HarnRuntimeException>(() => _ctx.Call("unwrap_err", I(1))).Message);

        var thrown = Assert.Throws<HarnRuntimeException>(() => _ctx.Call("throw_error", S("request timed out"), S("timeout")));
        Assert.Equal("{category: timeout, message: request timed out}", Show(thrown.CatchValue));
        Assert.Equal("timeout", _ctx.Show("error_category", thrown.CatchValue));
        Assert.Equal("true", _ctx.Show("is_timeout", thrown.CatchValue));
        Assert.Equal("generic", _ctx.Show("error_category", Assert.Throws<HarnRuntimeException>(() => _ctx.Call("throw_error", S("x"))).CatchValue));
        Assert.Equal("timeout", _ctx.Show("error_category", S("Deadline exceeded")));
        Assert.Equal("overloaded", _ctx.Show("error_category", S("overloaded_error")));
        Assert.Equal("rate_limit", _ctx.Show("error_category", S("HTTP 429 Too Many Requests")));
        Assert.Equal("generic", _ctx.Show("error_category", S("some random error")));
        Assert.Equal("false", _ctx.Show("is_rate_limited", I(42)));
    }

    [Fact]
    public void Ranges_and_structs()
    {
        Assert.Equal("0 to 3 exclusive", _ctx.Show("range", I(3)));
        Assert.Equal("2 to 5 exclusive", _ctx.Show("range", I(2), I(5)));
        Assert.Equal("1 to 5", _ctx.Show("__range__", I(1), I(5), B(true)));
        Assert.Equal("Type error: range(n): expected integer argument", Assert.Throws<HarnRuntimeException>(() => _ctx.Call("range", S("x"))).Message);
        Assert.Equal("Point {x: 3, y: 4}", _ctx.Show("__make_struct", S("Point"), D(("y", I(4)), ("x", I(3))), L(S("x"), S("y"))));
        Assert.Equal("{c: 3}", _ctx.Show("__dict_rest", D(("a", I(1)), ("b", I(2)), ("c", I(3))), L(S("a"), S("b"))));
    }
}
