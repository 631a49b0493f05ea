using Harn.Hooks;
using Harn.Runtime;
using Xunit;
using static Harn.Vm.Tests.Agents.AgentTestRunner;

namespace Harn.Vm.Tests.Agents;

public class ToolExecutorTests
{
    private const string Tools = """
        let exec_tool = host_exec_tool

        fn tools() {
          var r = tool_registry()
          r = tool_define(r, "read_file", "Read", {
            parameters: {path: {type: "string"}, limit: {type: "int", required: false}},
            handler: { args -> {path: args.path, limit: args.limit} },
          })
          r = tool_define(r, "boom", "Fails", {parameters: {}, handler: { args -> throw "kaput" }})
          r = tool_define(r, "shell_exec", "Run", {parameters: {cmd: "string"}, handler: { args -> "ran " + args.cmd }})
          r = tool_define(r, "write_file", "Write", {
            parameters: {path: "string"},
            metadata: {path_params: ["path"], mutation_classification: "apply_workspace"},
            handler: { args -> "wrote " + args.path },
          })
          r = tool_define(r, "remote", "Remote", {parameters: {}, executor: "provider_native"})
          return r
        }

        """;

    private static string Line(string call) => Run(Tools + "pipeline default() {\n  let o = " + call + "\n  println(o.status + \" | \" + o.text)\n}");

    [Theory]
    [InlineData("exec_tool(tools(), \"read_file\", {path: \"a.txt\"})", "ok | {\"limit\":null,\"path\":\"a.txt\"}")]
    [InlineData("exec_tool(tools(), \"nope\", {})", "error | Unknown tool: nope. Available tools: read_file, boom, shell_exec, write_file, remote")]
    [InlineData("exec_tool(tools(), \"read_file\", {})", "error | Invalid arguments for tool 'read_file': missing required parameter 'path'")]
    [InlineData("exec_tool(tools(), \"read_file\", {path: 3})", "error | Invalid arguments for tool 'read_file': at 'path': expected type 'string', got 'int'")]
    [InlineData("exec_tool(tools(), \"boom\", nil)", "error | Error: kaput")]
    [InlineData("exec_tool(tools(), \"remote\", {})", "error | tool 'remote' has executor \"provider_native\", which this runtime does not dispatch")]
    public void Outcomes_of_a_call(string call, string expected)
    {
        Assert.Equal(expected + "\n", Line(call));
    }

    [Theory]
    [InlineData("{approval_policy: {auto_deny: [\"shell*\"]}}", "shell_exec", "{cmd: \"ls\"}",
        "rejected | {\"code\":\"auto_denied\",\"error\":\"permission_denied\",\"reason\":\"tool 'shell_exec' matches deny pattern 'shell*' (auto_denied)\",\"tool\":\"shell_exec\"}")]
    [InlineData("{policy: {tool_arg_constraints: [{tool: \"shell_*\", arg_key: \"cmd\", arg_patterns: [\"cargo *\"]}]}}", "shell_exec", "{cmd: \"rm -rf /\"}",
        "rejected | {\"code\":\"arg_constraint\",\"error\":\"permission_denied\",\"reason\":\"tool 'shell_exec' argument 'cmd' value 'rm -rf /' does not match allowed patterns [cargo *]\",\"tool\":\"shell_exec\"}")]
    [InlineData("{policy: {tool_arg_constraints: [{tool: \"shell_*\", arg_key: \"cmd\", arg_patterns: [\"cargo *\"]}]}}", "shell_exec", "{cmd: \"cargo test\"}", "ok | ran cargo test")]
    [InlineData("{policy: {tools: [\"read_*\"]}}", "shell_exec", "{cmd: \"ls\"}",
        "rejected | {\"code\":\"policy_denied\",\"error\":\"permission_denied\",\"reason\":\"tool 'shell_exec' is not permitted by the active policy\",\"tool\":\"shell_exec\"}")]
    [InlineData("{approval_policy: {write_path_allowlist: [\"/tmp/*\"]}}", "write_file", "{path: \"/etc/passwd\"}",
        "rejected | {\"code\":\"write_path_denied\",\"error\":\"permission_denied\",\"reason\":\"tool 'write_file' writes '/etc/passwd', outside write_path_allowlist\",\"tool\":\"write_file\"}")]
    [InlineData("{approval_policy: {write_path_allowlist: [\"/tmp/*\"]}}", "write_file", "{path: \"/tmp/x\"}", "ok | wrote /tmp/x")]
    [InlineData("{approval_policy: {auto_approve: [\"shell*\"], require_approval: [\"*\"]}}", "shell_exec", "{cmd: \"ls\"}", "ok | ran ls")]
    [InlineData("{approval_policy: {require_approval: [\"shell*\"]}}", "shell_exec", "{cmd: \"ls\"}",
        "rejected | {\"code\":\"approval_required\",\"error\":\"permission_denied\",\"reason\":\"tool 'shell_exec' matches require_approval pattern 'shell*' and no approver is available\",\"tool\":\"shell_exec\"}")]
    public void Policies_gate_calls(string options, string tool, string args, string expected)
    {
        Assert.Equal(expected + "\n", Line($"exec_tool(tools(), \"{tool}\", {args}, {options})"));
    }

    [Fact]
    public void Native_tool_hooks_deny_and_snip()
    {
        var output = Run(Tools + """
            pipeline default() {
              register_tool_hook({pattern: "shell_*", deny: "no shells"})
              register_tool_hook({pattern: "read_*", max_output: 10})
              println(exec_tool(tools(), "shell_exec", {cmd: "ls"}).reason)
              println(exec_tool(tools(), "read_file", {path: "abcdefghijklmnopqrstuvwxyz"}).text)
              clear_tool_hooks()
              println(exec_tool(tools(), "shell_exec", {cmd: "ls"}).status)
            }
            """);
        Assert.Equal("no shells\n{\"lim\n\n[... snipped 40 chars ...]\n\nxyz\"}\nok\n", output);
    }

    [Fact]
    public void Script_PreToolUse_hooks_deny_or_rewrite_arguments_and_PostToolUse_rewrites_the_result()
    {
        var output = Run(Tools + """
            pipeline default() {
              register_session_hook("PreToolUse", "shell_exec", { p ->
                if p.tool.args.cmd == "rm" {
                  return {deny: "not rm"}
                }
                return {args: {cmd: p.tool.args.cmd + " -l"}}
              })
              register_session_hook("PostToolUse", "shell_*", { p -> p.result.text + "!" })
              println(exec_tool(tools(), "shell_exec", {cmd: "rm"}).reason)
              let ok = exec_tool(tools(), "shell_exec", {cmd: "ls"})
              println(ok.text + " " + ok.arguments.cmd)
              println(exec_tool(tools(), "read_file", {path: "p"}).status)
            }
            """);
        Assert.Equal("not rm\nran ls -l! ls -l\nok\n", output);
    }

    [Fact]
    public void A_host_PreToolUse_hook_vetoes_a_call_before_the_handler_runs()
    {
        var seen = new List<string>();
        var hooks = new HookRegistry();
        hooks.Add(HookEvent.PreToolUse, "shell_*", new HostHookHandler((_, payload, _) =>
        {
            seen.Add(payload.AsDict.Get("tool").AsDict.Get("name").AsString);
            return Value.FromDict(HarnDict.Empty.With("decision", Value.FromString("deny")).With("reason", Value.FromString("host says no")));
        }));
        var output = Run(Tools + """
            pipeline default() {
              var ran = false
              let r = tool_define(tools(), "shell_exec", "Run", {parameters: {}, handler: { a -> ran = true }})
              let o = exec_tool(r, "shell_exec", {})
              println(o.status + " " + o.reason + " " + to_string(ran))
              println(exec_tool(r, "read_file", {path: "x"}).status)
            }
            """, hooks);
        Assert.Equal("rejected host says no false\nok\n", output);
        Assert.Equal(["shell_exec"], seen);
    }

    [Fact]
    public void A_tool_declaration_handler_receives_arguments_by_position()
    {
        var output = Run("""
            let exec_tool = host_exec_tool

            pipeline default() {
              tool greet(name: string, greeting: string = "hi") -> string {
                greeting + " " + name
              }
              println(exec_tool(greet, "greet", {name: "ada"}).text)
              println(exec_tool(greet, "greet", {name: "ada", greeting: "yo"}).text)
            }
            """);
        Assert.Equal("hi ada\nyo ada\n", output);
    }
}
