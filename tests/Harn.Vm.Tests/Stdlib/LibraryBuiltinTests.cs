using Harn.Runtime;
using Xunit;
using static Harn.Vm.Tests.Stdlib.V;

namespace Harn.Vm.Tests.Stdlib;

public class LibraryBuiltinTests
{
    private readonly TestBuiltinContext _ctx = new();

    [Fact]
    public void String_builtins()
    {
        Assert.Equal("wor", _ctx.Show("substring", S("hello world"), I(6), I(3)));
        Assert.Equal("world", _ctx.Show("substring", S("hello world"), I(6)));
        Assert.Equal("/usr/local/bin", _ctx.Show("dirname", S("/usr/local/bin/harn")));
        Assert.Equal("harn", _ctx.Show("basename", S("/usr/local/bin/harn")));
        Assert.Equal(".gz", _ctx.Show("extname", S("archive.tar.gz")));
        Assert.Equal("", _ctx.Show("extname", S("noext")));
        Assert.Equal("true", _ctx.Show("contains", Ints(1, 2, 3), I(2)));
        Assert.Equal("1 + 2 = 3", _ctx.Show("format", S("{} + {} = {}"), I(1), I(2), I(3)));
        Assert.Equal("Hello Alice from NYC", _ctx.Show("format", S("Hello {name} from {city}"), D(("name", S("Alice")), ("city", S("NYC")))));
        Assert.Equal(".é.", _ctx.Show("str_pad", S("é"), I(3), S("."), S("both")));
        Assert.Equal("http_server", _ctx.Show("camel_to_snake", S("HTTPServer")));
        Assert.Equal("testFilePatterns", _ctx.Show("snake_to_camel", S("test_file_patterns")));
        Assert.Equal("Hello World From Harn", _ctx.Show("title_case", S("hello world from harn")));
    }

    [Fact]
    public void Math_builtins()
    {
        Assert.Equal("3", _ctx.Show("floor", F(3.7)));
        Assert.Equal("4", _ctx.Show("round", F(3.5)));
        Assert.Equal("-4", _ctx.Show("round", F(-3.5)));
        Assert.Equal("4.0", _ctx.Show("sqrt", F(16)));
        Assert.Equal("1024", _ctx.Show("pow", I(2), I(10)));
        Assert.Equal("3.0", _ctx.Show("min", I(3), F(7)));
        Assert.Equal("-1", _ctx.Show("sign", F(-2.5)));
        Assert.Equal("1.75", _ctx.Show("percentile", Ints(1, 2, 3, 4), I(25)));
        Assert.Equal("1.25", _ctx.Show("variance", Ints(1, 2, 3, 4)));
        Assert.Equal("6.0", _ctx.Show("median", Ints(1, 2, 10, 20)));
        Assert.Equal("Runtime error: items must not be empty", Assert.Throws<HarnRuntimeException>(() => _ctx.Call("median", L())).Message);
        Assert.Equal(
            "Runtime error: sample variance requires at least 2 values",
            Assert.Throws<HarnRuntimeException>(() => _ctx.Call("variance", Ints(1), B(true))).Message);
        var a = _ctx.Call("rng_seed", I(42));
        var b = _ctx.Call("rng_seed", I(42));
        Assert.Equal(_ctx.Show("random_int", a, I(10), I(99)), _ctx.Show("random_int", b, I(10), I(99)));
    }

    [Fact]
    public void Json_round_trips()
    {
        Assert.Equal("{a: 1, b: [2.5, true, nil]}", _ctx.Show("json_parse", S("{\"b\": [2.5, true, null], \"a\": 1}")));
        Assert.Equal("{\"a\":1,\"b\":[1.0,\"x\\n\",null]}", _ctx.Show("json_stringify", D(("b", L(F(1), S("x\n"), Value.Nil)), ("a", I(1)))));
        Assert.Equal("\"\\u001b[1m\"", _ctx.Show("json_stringify", S("\u001b[1m")));
        Assert.Equal("9223372036854775807", _ctx.Show("json_parse", S("9223372036854775807")));
        Assert.Equal("[1, 2, 3]", _ctx.Show("json_extract", S("data: [1, 2, 3] end")));
        Assert.Equal("42", _ctx.Show("json_extract", S("Here is {\"outer\": {\"inner\": 42}} done"), S("outer")).Replace("{inner: 42}", "42", StringComparison.Ordinal));
        Assert.Contains("json_extract: failed to parse JSON", Assert.Throws<HarnRuntimeException>(() => _ctx.Call("json_extract", S("not json at all"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_validate_reports_the_problem()
    {
        Assert.Equal("true", _ctx.Show("json_validate", Ints(1, 2), D(("type", S("list")), ("items", D(("type", S("int")))))));
        Assert.Contains(
            "missing required key 'age'",
            Assert.Throws<HarnRuntimeException>(() => _ctx.Call("json_validate", D(("name", S("a"))), D(("type", S("dict")), ("required", L(S("name"), S("age")))))).Message,
            StringComparison.Ordinal);
        Assert.Contains(
            "expected type 'string', got 'int'",
            Assert.Throws<HarnRuntimeException>(() => _ctx.Call("json_validate", I(42), D(("type", S("string"))))).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Json_pointers()
    {
        var doc = _ctx.Call("json_parse", S("{\"users\":[{\"name\":\"Ada\"},{\"name\":\"Bob\"}],\"a/b\":{\"~key\":7}}"));
        Assert.Equal("Ada", _ctx.Show("json_pointer", doc, S("/users/0/name")));
        Assert.Equal("7", _ctx.Show("json_pointer", doc, S("/a~1b/~0key")));
        Assert.Equal("nil", _ctx.Show("json_pointer", doc, S("/users/99/name")));
        var appended = _ctx.Call("json_pointer_set", doc, S("/users/-"), D(("name", S("Cy"))));
        Assert.Equal("Cy", _ctx.Show("json_pointer", appended, S("/users/2/name")));
        Assert.Equal("2", _ctx.Show("len", _ctx.Call("json_pointer", _ctx.Call("json_pointer_delete", appended, S("/users/1")), S("/users"))));
    }

    [Fact]
    public void Regex_builtins()
    {
        Assert.Equal("[123, 456]", _ctx.Show("regex_match", S("[0-9]+"), S("abc 123 def 456")));
        Assert.Equal("nil", _ctx.Show("regex_match", S("[0-9]+"), S("hello")));
        Assert.Equal("world-hello", _ctx.Show("regex_replace", S("(\\w+)-(\\w+)"), S("$2-$1"), S("hello-world")));
        Assert.Equal("[hello, nil, nil]", Show(_ctx.Call("regex_captures", S("(\\w+)(-(\\w+))?"), S("hello")).AsList[0].AsDict.Get("groups")));
        Assert.Equal("foo", Show(_ctx.Call("regex_captures", S("(?P<name>\\w+):(?P<value>\\d+)"), S("foo:42")).AsList[0].AsDict.Get("name")));
        Assert.Equal("[a, b, c]", _ctx.Show("regex_split", S("a, b, c"), S(",\\s*")));
        Assert.Equal("[B]", _ctx.Show("regex_match", S("^b"), S("a\nB"), S("im")));
    }

    [Fact]
    public void Collection_builtins()
    {
        Assert.Equal("[[1, 2, 3], [3, 4, 5]]", _ctx.Show("window", Ints(1, 2, 3, 4, 5), I(3), I(2)));
        Assert.Equal("{match: [2, 4], no_match: [1, 3]}", _ctx.Show("partition", Ints(1, 2, 3, 4), TestBuiltinContext.Fn(x => B(x.AsInt % 2 == 0))));
        Assert.Equal("[a, bb]", _ctx.Show("dedup_by", L(S("a"), S("A"), S("bb"), S("BB")), TestBuiltinContext.Fn(x => S(x.AsString.ToLowerInvariant()))));
        Assert.Equal("[1, 10, 2, 20]", _ctx.Show("flat_map", Ints(1, 2), TestBuiltinContext.Fn(x => Ints(x.AsInt, x.AsInt * 10))));
        Assert.Equal("set(1, 2)", _ctx.Show("set", I(1), Ints(2, 1)));
        Assert.Equal("[10, 20]", _ctx.Show("to_list", _ctx.Call("set", I(10), I(20))));
    }
}
