using Xunit;
using static Harn.Vm.Tests.Stdlib.StdlibAssert;

namespace Harn.Vm.Tests.Orchestration;

public class TomlTests
{
    [Fact]
    public void Parses_tables_arrays_strings_and_numbers()
    {
        Prints(""""
            let doc = toml_parse("""
            title = "T\u00e9st" # comment
            [owner]
            name = 'lit\eral'
            "quoted key" = 1_000
            [servers.alpha]
            ip = "10.0.0.1"
            ports = [ 8000, 8001,
              8002, ]
            [[items]]
            id = 0x1F
            pi = 3.5e0
            [[items]]
            id = -7
            inline = { a.b = true, c = [] }
            when = 1979-05-27T07:32:00Z
            """)
            println(doc.title + " " + doc.owner.name + " " + to_string(doc.owner["quoted key"]))
            println(doc.servers.alpha.ports)
            println(doc.items.map({ i -> i.id }))
            println([doc.items[0].pi, doc.items[1].inline.a.b, doc.items[1].when])
            println(toml_parse("s = \"\"\"\nline1\\\n   line2\"\"\"").s)
            """",
            "Tést lit\\eral 1000", "[8000, 8001, 8002]", "[31, -7]", "[3.5, true, 1979-05-27T07:32:00Z]", "line1line2");
    }

    [Fact]
    public void Reports_errors_with_their_line()
    {
        Fails("toml_parse(\"a = 1\\na = 2\")", "Thrown: toml_parse: line 2: key 'a' is defined twice");
        Fails("toml_parse(\"[t]\\n[t]\")", "Thrown: toml_parse: line 2: table 't' is defined twice");
        Fails("toml_parse(\"a = \\\"open\")", "Thrown: toml_parse: line 1: unterminated string");
        Fails("toml_parse(\"a = 01\")", "Thrown: toml_parse: line 1: invalid value '01'");
        Fails("toml_parse(\"a = 1 b = 2\")", "Thrown: toml_parse: line 1: unexpected 'b' after a value");
    }

    [Fact]
    public void Stringify_round_trips()
    {
        Prints("""
            let value = {name: "x \"y\"", n: 2, f: 1.0, tags: ["a", "b"], sub: {on: true}, rows: [{id: 1}, {id: 2}]}
            let text = toml_stringify(value)
            print(text)
            println(toml_parse(text) == value)
            """,
            "f = 1.0", "n = 2", "name = \"x \\\"y\\\"\"", "tags = [\"a\", \"b\"]", "", "[[rows]]", "id = 1", "", "[[rows]]", "id = 2", "", "[sub]", "on = true", "true");
        Fails("toml_stringify([1])", "Type error: toml_stringify: expected a dict (a TOML document is a table), got list");
    }
}
