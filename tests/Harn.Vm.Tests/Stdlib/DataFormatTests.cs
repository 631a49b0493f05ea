using Harn.Runtime;
using Xunit;
using static Harn.Vm.Tests.Stdlib.V;

namespace Harn.Vm.Tests.Stdlib;

public class DataFormatTests
{
    private readonly TestBuiltinContext _ctx = new();

    private Value Api() => _ctx.Call("json_parse", S(
        "{\"users\":[{\"name\":\"Ada\",\"email\":\"ada@x\",\"age\":36,\"score\":9,\"active\":true},"
        + "{\"name\":\"Bob\",\"email\":\"bob@x\",\"age\":41,\"score\":5,\"active\":false}],"
        + "\"meta\":{\"count\":2,\"next\":null},\"quoted key\":{\"value\":9}}"));

    private string Jq(string query) => _ctx.Show("json_stringify", _ctx.Call("jq", Api(), S(query)));

    [Fact]
    public void Jq_supports_the_scripting_subset()
    {
        Assert.Equal("[\"Ada\"]", Jq(".users[0].name"));
        Assert.Equal("[9]", Jq(".[\"quoted key\"].value"));
        Assert.Equal("[\"ada@x\",\"bob@x\"]", Jq(".users[] | .email"));
        Assert.Equal("[\"Bob\"]", Jq(".users[1:3] | .[] | .name"));
        Assert.Equal("[2]", Jq(".users | length"));
        Assert.Equal("[[\"count\",\"next\"]]", Jq(".meta | keys"));
        Assert.Equal("[\"array\"]", Jq(".users | type"));
        Assert.Equal("[[\"Ada\",\"Bob\"]]", Jq(".users | map(.name)"));
        Assert.Equal("[\"Ada\"]", Jq(".users[] | select(.score > 7 and .active == true) | .name"));
        Assert.Equal("[\"Bob\"]", Jq(".users[] | select(not .active) | .name"));
        Assert.Equal("[{\"age\":36,\"name\":\"Ada\"}]", Jq("{ name: .users[0].name, age: .users[0].age }"));
        Assert.Equal("[2,null]", Jq(".meta.count, .meta.next"));
        Assert.Equal("[\"ada@x\",\"bob@x\"]", Jq(".. | select(type == \"object\" and .email != null) | .email"));
        Assert.Equal("nil", _ctx.Show("jq_first", Api(), S(".users[] | select(.age > 100)")));
    }

    [Fact]
    public void Schema_check_collects_errors_and_parse_applies_defaults()
    {
        var tags = D(("type", S("list")), ("items", D(("type", S("string")), ("pattern", S("^[a-z]+$")))));
        var properties = D(
            ("name", D(("type", S("string")), ("min_length", I(2)))),
            ("age", D(("type", S("int")), ("min", I(0)))),
            ("role", D(("type", S("string")), ("default", S("user")))),
            ("tags", tags));
        var schema = D(("type", S("dict")), ("required", L(S("name"), S("age"))), ("properties", properties));
        var parsed = _ctx.Call("schema_parse", D(("name", S("Ada")), ("age", I(36))), schema);
        Assert.Equal("Result.Ok({age: 36, name: Ada, role: user})", Show(parsed));
        var bad = _ctx.Call("schema_check", D(("name", S("A")), ("age", I(-1)), ("tags", L(S("Core")))), schema);
        Assert.Equal("3", _ctx.Show("len", _ctx.Call("unwrap_err", bad).AsDict.Get("errors")));
        Assert.Equal("object", Show(_ctx.Call("schema_to_json_schema", schema).AsDict.Get("type")));
        Assert.Equal("nil", Show(_ctx.Call("schema_partial", schema).AsDict.Get("required")));
        Assert.Equal("[name]", Show(_ctx.Call("schema_pick", schema, L(S("name"), S("role"))).AsDict.Get("required")));
        var union = D(("union", L(D(("type", S("string")), ("min_length", I(3))), D(("type", S("int")), ("min", I(10))))));
        Assert.Equal("true", _ctx.Show("schema_is", I(12), union));
        Assert.Equal("false", _ctx.Show("schema_is", S("hi"), union));
    }

    [Fact]
    public void Assert_schema_reports_shape_problems_as_type_errors()
    {
        var shape = D(
            ("type", S("dict")),
            ("required", L(S("name"), S("age"))),
            ("properties", D(("name", D(("type", S("string")))), ("age", D(("type", S("int")))))));
        Assert.Equal(
            "Type error: parameter 'u': missing field 'age' (int)",
            Assert.Throws<HarnRuntimeException>(() => _ctx.Call("__assert_schema", D(("name", S("x"))), S("u"), shape)).Message);
        Assert.Equal(
            "Type error: parameter 'u': field 'name' expected string, got int",
            Assert.Throws<HarnRuntimeException>(() => _ctx.Call("__assert_schema", D(("name", I(1)), ("age", I(2))), S("u"), shape)).Message);
        var list = D(("type", S("list")), ("items", D(("type", S("int")))));
        Assert.Contains("[1]", Assert.Throws<HarnRuntimeException>(() => _ctx.Call("__assert_schema", L(I(1), S("x")), S("v"), list)).Message, StringComparison.Ordinal);
        var union = D(("union", L(D(("type", S("string"))), D(("type", S("int"))))));
        Assert.Contains("expected string|int", Assert.Throws<HarnRuntimeException>(() => _ctx.Call("__assert_schema", B(true), S("v"), union)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encodings_round_trip()
    {
        Assert.Equal("Pj4-Pz8_Ly8v", _ctx.Show("base64url_encode", S(">>>???///")));
        Assert.Equal(">>>???///", _ctx.Show("base64url_decode", S("Pj4-Pz8_Ly8v")));
        Assert.Equal("MZXW6YTBOI======", _ctx.Show("base32_encode", S("foobar")));
        Assert.Equal("foobar", _ctx.Show("base32_decode", S("MZXW6YTBOI======")));
        Assert.Equal("68656c6c6f", _ctx.Show("hex_encode", S("hello")));
        Assert.Equal("hello", _ctx.Show("hex_decode", S("68656c6c6f")));
        Assert.Equal("b\"6869\"", _ctx.Show("bytes_from_string", S("hi")));
    }

    [Fact]
    public void Csv_parses_and_writes()
    {
        var text = S("name,age\nalice,30\n\"b,ob\",25\n");
        Assert.Equal("[[name, age], [alice, 30], [b,ob, 25]]", _ctx.Show("csv_parse", text));
        var records = _ctx.Call("csv_parse", text, D(("headers", B(true))));
        Assert.Equal("[{age: 30, name: alice}, {age: 25, name: b,ob}]", Show(records));
        Assert.Equal("age,name\n30,alice\n25,\"b,ob\"\n", _ctx.Show("csv_stringify", records, D(("headers", B(true)))));
        Assert.Equal("a,b\nc,d\n", _ctx.Show("csv_stringify", L(L(S("a"), S("b")), L(S("c"), S("d")))));
    }

    [Fact]
    public void Color_mode_controls_ansi_codes()
    {
        Assert.Equal("hi", _ctx.Show("color", S("hi"), S("red")));
        _ctx.Call("set_color_mode", S("always"));
        Assert.Equal("\u001b[31mhi\u001b[0m", _ctx.Show("color", S("hi"), S("red")));
        Assert.Equal("\u001b[1mhi\u001b[0m", _ctx.Show("bold", S("hi")));
        Assert.Equal("hi", new TestBuiltinContext().Show("bold", S("hi")));
    }
}
