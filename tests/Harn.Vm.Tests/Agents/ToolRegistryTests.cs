using Xunit;
using static Harn.Vm.Tests.Agents.AgentTestRunner;

namespace Harn.Vm.Tests.Agents;

public class ToolRegistryTests
{
    [Fact]
    public void Tool_define_normalizes_parameters_and_keeps_unknown_keys()
    {
        var output = Run("""
            pipeline default() {
              var r = tool_registry()
              r = tool_define(r, "add", "Add", {
                parameters: {a: "int", b: {type: "float", description: "second"}},
                returns: "int",
                handler: { args -> args.a + args.b },
                annotations: {kind: "read"},
              })
              let t = tool_find(r, "add")
              println(t.parameters)
              println(t.outputSchema)
              println(t.executor + " " + t.annotations.kind)
              println(tool_list(r)[0].handler == nil)
              println(r._type + " " + to_string(tool_count(r)))
            }
            """);
        Assert.Equal(
            "{a: {type: integer}, b: {description: second, type: number}}\n{type: integer}\nharn read\ntrue\ntool_registry 1\n",
            output);
    }

    [Fact]
    public void Redefining_a_tool_replaces_it_in_place()
    {
        var output = Run("""
            pipeline default() {
              var r = tool_registry()
              r = tool_define(r, "a", "first", {handler: { x -> 1 }})
              r = tool_define(r, "b", "", {handler: { x -> 2 }})
              r = tool_define(r, "a", "second", {handler: { x -> 3 }})
              println(tool_list(r).map({ t -> t.name + ":" + t.description }))
              println(tool_count(tool_remove(r, "a")))
              println(tool_count(tool_select(r, ["b", "zzz"])))
            }
            """);
        Assert.Equal("[a:second, b:]\n1\n1\n", output);
    }

    [Theory]
    [InlineData("tool_define(tool_registry(), \"t\", \"d\", 3)", "tool_define: config must be a dict with parameters and handler")]
    [InlineData("tool_define(tool_registry(), \"fly\", \"d\", {executor: \"rocketship\"})",
        "tool_define: unknown executor \"rocketship\" for tool \"fly\". Expected one of: \"harn\", \"host_bridge\", \"mcp_server\", \"provider_native\"")]
    [InlineData("tool_define(tool_registry(), \"m\", \"d\", {executor: \"mcp_server\"})",
        "tool_define: tool \"m\" declares executor: \"mcp_server\" but is missing `mcp_server`. Set it to the configured MCP server name.")]
    [InlineData("tool_define(tool_registry(), \"d\", \"d\", {handler: { a -> a }, defer_loading: \"yes\"})",
        "tool_define: tool \"d\" has `defer_loading: yes`; `defer_loading` must be a bool")]
    public void Tool_define_rejects_bad_configs_with_upstream_texts(string call, string message)
    {
        var error = Fails($"pipeline default() {{\n  {call}\n}}");
        Assert.StartsWith("Thrown: " + message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tool_declaration_lowers_types_defaults_and_return_schema()
    {
        var output = Run("""
            pipeline default() {
              tool find(query: string, opts: {deep: bool, tags?: list<string>}, limit: int = 5) -> list<string> {
                description "Find things"
                [query + ":" + to_string(limit)]
              }
              let t = tool_find(find, "find")
              println(t.description)
              println(t.parameters.limit)
              println(t.parameters.opts.properties.tags.items.type + " " + t.parameters.opts.type + " " + to_string(t.parameters.opts.required))
              println(t.outputSchema)
              println(t.handler("x", {deep: true}))
            }
            """);
        Assert.Equal(
            "Find things\n{default: 5, required: false, type: integer}\nstring object [deep]\n{items: {type: string}, type: array}\n[x:5]\n",
            output);
    }

    [Fact]
    public void Tool_schema_and_the_tagged_text_forms()
    {
        var output = Run("""
            pipeline default() {
              var r = tool_define(tool_registry(), "s", "Search", {
                parameters: {q: {type: "string"}, n: {type: "int", required: false}},
                handler: { a -> a.q },
              })
              let schema = tool_schema(r)
              println(schema.schema_version)
              println(schema.tools[0].inputSchema)
              let calls = tool_parse_call("a <tool_call>{\"name\": \"s\", \"arguments\": {\"q\": 1}}</tool_call> <tool_call>not json</tool_call> <tool_call>{\"name\": \"t\"}</tool_call>")
              println(calls)
              println(tool_format_result("s", {hits: 2}))
              println(tool_format_result("s", "line \"one\""))
            }
            """);
        Assert.Equal(
            "harn-tools/1.0\n{properties: {n: {type: integer}, q: {type: string}}, required: [q], type: object}\n"
            + "[{arguments: {q: 1}, name: s}, {arguments: {}, name: t}]\n"
            + "<tool_result>{\"name\": \"s\", \"result\": {\"hits\":2}}</tool_result>\n"
            + "<tool_result>{\"name\": \"s\", \"result\": \"line \\\"one\\\"\"}</tool_result>\n",
            output);
    }

    [Fact]
    public void Tool_ref_and_tool_def_resolve_against_the_bound_registry()
    {
        var output = Run("""
            pipeline default() {
              let r = tool_define(tool_registry(), "edit", "Edit", {executor: "provider_native"})
              println(try { tool_ref("edit") })
              tool_bind(r)
              println(tool_ref("edit") + " " + tool_def("edit").description)
              println(try { tool_def("nope") })
            }
            """);
        Assert.Equal(
            "Result.Err(tool_ref: no tool registry bound; call tool_bind(registry) first)\n"
            + "edit Edit\n"
            + "Result.Err(tool_def: unknown tool \"nope\" in the bound tool registry)\n",
            output);
    }
}
