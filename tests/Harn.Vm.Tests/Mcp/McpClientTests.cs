using Xunit;
using static Harn.Vm.Tests.HostLibrary.HostScripts;

namespace Harn.Vm.Tests.Mcp;

/// <summary>The MCP client builtins against a loopback HTTP server and a stdio server written in sh.</summary>
public sealed class McpClientTests
{
    [Fact]
    public void HttpClientListsCallsReadsAndDisconnects()
    {
        using var server = new FakeMcpHttpServer();
        AssertLines(Output($$"""
            let client = mcp_connect({name: "fake", transport: "http", url: {{Quote(server.Endpoint)}}})
            println(type_of(client))
            println(client)
            println(mcp_list_tools(client).map({ t -> t.name }))
            println(mcp_call(client, "echo", {message: "hi"}))
            let failed = try { mcp_call(client, "boom") }
            println(failed)
            println(mcp_list_resources(client)[0].uri)
            println(mcp_read_resource(client, "memo://one"))
            println(mcp_get_prompt(client, "greet", {who: "Ada"}).messages[0].content.text)
            let info = mcp_server_info(client)
            println([info.name, info.connected, info.server_info.name, info.protocol_version])
            mcp_disconnect(client)
            println(mcp_server_info(client).connected)
            """),
            "mcp_client",
            "<mcp_client:fake>",
            "[echo, boom]",
            "echo: hi",
            "Result.Err(it went boom)",
            "memo://one",
            "first memo",
            "Hello Ada",
            "[fake, true, fake-http, 2025-11-25]",
            "false");
        Assert.Equal(["initialize", "notifications/initialized", "tools/list", "tools/call", "tools/call", "resources/list", "resources/read", "prompts/get"], server.Methods);
        Assert.Null(server.SessionHeaders[0]);
        Assert.All(server.SessionHeaders.Skip(1), header => Assert.Equal("session-1", header));
    }

    [Fact]
    public void McpServerExecutorToolsDispatchToTheNamedClient()
    {
        using var server = new FakeMcpHttpServer();
        AssertLines(Output($$$"""
            let client = mcp_connect({name: "notes", transport: "http", url: {{{Quote(server.Endpoint)}}}})
            println(mcp_list_tools(client)[0]._mcp_server)
            var tools = tool_registry()
            tools = tool_define(tools, "say", "Say it", {parameters: {message: "string"}, executor: "mcp_server", mcp_server: "notes", mcp_tool: "echo"})
            tools = tool_define(tools, "lost", "Nowhere", {parameters: {}, executor: "mcp_server", mcp_server: "ghost"})
            llm_mock({text: "", tool_calls: [{id: "1", name: "say", arguments: {message: "routed"}}, {id: "2", name: "lost", arguments: {}}]})
            llm_mock({text: "done"})
            let result = agent_loop("go", nil, {provider: "mock", tool_format: "native", tools: tools, max_iterations: 3})
            println(result.transcript.messages.filter({ m -> m.role == "tool" }).map({ m -> m.content }))
            """),
            "notes",
            "[echo: routed, Error: tool 'lost': MCP server 'ghost' is neither connected nor configured in harn.toml]");
    }

    [Fact]
    public void UnknownMethodsSurfaceTheServersError()
    {
        using var server = new FakeMcpHttpServer();
        AssertLines(Output($$"""
            let client = mcp_connect({transport: "http", url: {{Quote(server.Endpoint)}}})
            println(client)
            let r = try { mcp_list_resource_templates(client) }
            println(r)
            """),
            "<mcp_client:fake-http>",
            "Result.Err(MCP error -32601: Method not found: resources/templates/list)");
    }

    [Fact]
    public void StdioClientSpeaksNewlineDelimitedJsonRpc()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var directory = TempDirectory();
        var script = Path.Combine(directory, "server.sh");
        File.WriteAllText(script, """
            while IFS= read -r line; do
              id=$(printf '%s' "$line" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
              case "$line" in
                *'"initialize"'*) printf '{"jsonrpc":"2.0","id":%s,"result":{"protocolVersion":"2024-11-05","capabilities":{},"serverInfo":{"name":"sh-server","version":"1"}}}\n' "$id" ;;
                *'"tools/list"'*) printf '{"jsonrpc":"2.0","id":%s,"result":{"tools":[{"name":"pair","inputSchema":{"type":"object"}}]}}\n' "$id" ;;
                *'"tools/call"'*) printf '{"jsonrpc":"2.0","id":%s,"result":{"content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}}\n' "$id" ;;
              esac
            done
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        try
        {
            AssertLines(Output($$"""
                let client = mcp_connect("sh", [{{Quote(script)}}])
                println(client)
                println(mcp_list_tools(client)[0].name)
                println(mcp_call(client, "pair", {}).map({ b -> b.text }))
                mcp_disconnect(client)
                """),
                "<mcp_client:sh-server>",
                "pair",
                "[a, b]");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void RequestsGiveUpAfterTheirTimeout()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var directory = TempDirectory();
        var script = Path.Combine(directory, "mute.sh");
        File.WriteAllText(script, """
            IFS= read -r line
            printf '{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25","capabilities":{},"serverInfo":{"name":"mute","version":"1"}}}\n'
            while IFS= read -r line; do :; done
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        try
        {
            AssertLines(Output($$"""
                let client = mcp_connect("sh", [{{Quote(script)}}], {timeout_ms: 200})
                println(try { mcp_list_tools(client) })
                """),
                "Result.Err(MCP request tools/list to 'mute' timed out after 200 ms)");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void BadInputIsAClearHarnError()
    {
        Assert.StartsWith("Thrown: mcp_connect: failed to spawn 'harn-no-such-mcp-server-42': ", Error("mcp_connect(\"harn-no-such-mcp-server-42\")"));
        Assert.Equal("Type error: mcp_call: expected an mcp_client, got string", Error("mcp_call(\"x\", \"echo\")"));
        Assert.Equal("Thrown: mcp_connect: an http MCP server needs a `url`", Error("mcp_connect({transport: \"http\"})"));
        Assert.Equal("Thrown: mcp_connect: unknown MCP transport \"pigeon\". Expected \"stdio\" or \"http\"", Error("mcp_connect({transport: \"pigeon\", command: \"x\"})"));
    }

    [Fact]
    public void LazyRegistryWithoutManifestIsEmpty()
    {
        AssertLines(Output("""
            println(mcp_registry_status())
            let r = try { mcp_ensure_active("ghost") }
            println(r)
            mcp_release("ghost")
            """),
            "[]",
            "Result.Err(mcp_ensure_active: no MCP server named 'ghost' is registered)");
    }

    [Fact]
    public void LazyRegistryReadsManifestServersAndConnectsOnDemand()
    {
        using var server = new FakeMcpHttpServer();
        var directory = TempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(directory, "harn.toml"), $$"""
                [package]
                name = "fixture"

                [[mcp]]
                name = "notes"
                transport = "http"
                url = "{{server.Endpoint}}"
                lazy = true
                """);
            var entry = Path.Combine(directory, "main.harn");
            File.WriteAllText(entry, """
                pipeline default() {
                  println(mcp_registry_status())
                  let client = mcp_ensure_active("notes")
                  println(mcp_call(client, "echo", {message: "lazy"}))
                  println(mcp_registry_status()[0].active)
                  mcp_release("notes")
                  println(mcp_registry_status()[0])
                }
                """);
            var output = new System.Text.StringBuilder();
            Harn.Hosting.HarnExecution.Run(Harn.Hosting.HarnScript.Compile(File.ReadAllText(entry), entry), new Harn.Hosting.HarnRunOptions { Output = (_, text) => output.Append(text) });
            AssertLines(output.ToString(),
                "[{active: false, lazy: true, name: notes, ref_count: 0, transport: http}]",
                "echo: lazy",
                "true",
                "{active: false, lazy: true, name: notes, ref_count: 0, transport: http}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void EagerManifestServersBecomeTheMcpGlobal()
    {
        using var server = new FakeMcpHttpServer();
        var directory = TempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(directory, "harn.toml"), $$"""
                [[mcp]]
                name = "notes"
                transport = "http"
                url = "{{server.Endpoint}}"

                [[mcp]]
                name = "broken"
                command = "harn-no-such-mcp-server-42"
                """);
            var entry = Path.Combine(directory, "main.harn");
            File.WriteAllText(entry, """
                pipeline default() {
                  println(mcp.keys())
                  println(mcp_call(mcp.notes, "echo", {message: "eager"}))
                }
                """);
            var output = new System.Text.StringBuilder();
            var errors = new System.Text.StringBuilder();
            Harn.Hosting.HarnExecution.Run(Harn.Hosting.HarnScript.Compile(File.ReadAllText(entry), entry), new Harn.Hosting.HarnRunOptions
            {
                Output = (channel, text) => (channel == Harn.Hosting.OutputChannel.Stdout ? output : errors).Append(text),
            });
            AssertLines(output.ToString(), "[notes]", "echo: eager");
            Assert.StartsWith("warning: MCP server 'broken' failed to connect: mcp: failed to spawn 'harn-no-such-mcp-server-42': ", errors.ToString());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void ServerCardsAreReadOnceAndMissingOnesFail()
    {
        var directory = TempDirectory();
        var card = Path.Combine(directory, "card.json");
        File.WriteAllText(card, """{"name":"c","version":"1.0.0","tools":[{"name":"t"}]}""");
        try
        {
            AssertLines(Output($$"""
                let card = mcp_server_card({{Quote(card)}})
                println([card.name, card.version, card.tools[0].name])
                """),
                "[c, 1.0.0, t]");
            Assert.StartsWith("Runtime error: mcp_server_card: cannot read server card ", Error($"mcp_server_card({Quote(Path.Combine(directory, "none.json"))})"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
