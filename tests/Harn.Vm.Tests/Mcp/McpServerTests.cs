using System.Text;
using Harn.Hooks;
using Harn.Hosting;
using Xunit;
using static Harn.Vm.Tests.HostLibrary.HostScripts;

namespace Harn.Vm.Tests.Mcp;

/// <summary>Registering what a run serves, and serving it over stdio with <see cref="HarnMcpServer"/>.</summary>
public sealed class McpServerTests
{
    private const string Agent = """
        pipeline main(task) {
          var tools = tool_registry()
          tools = tool_define(tools, "greet", "Greet someone", {
            parameters: {name: {type: "string"}},
            handler: { args -> "Hello, " + args.name + "!" },
            annotations: {readOnlyHint: true},
          })
          mcp_tools(tools)
          mcp_resource({uri: "docs://readme", name: "README", text: "# Hi", mime_type: "text/markdown"})
          mcp_resource_template({uri_template: "config://{key}", name: "Config", handler: { args -> "value for " + args.key }})
          mcp_prompt({name: "review", arguments: [{name: "code", required: true}], handler: { args -> "Review: " + args.code }})
          println("registered")
        }
        """;

    private static string Serve(params string[] requests)
    {
        var hooks = new HookRegistry();
        var responses = new StringWriter { NewLine = "\n" };
        HarnMcpServer.Attach(hooks, new StringReader(string.Join("\n", requests) + "\n"), responses, "demo");
        var log = new StringBuilder();
        HarnExecution.Run(HarnScript.Compile(Agent), new HarnRunOptions { Hooks = hooks, Output = (_, text) => log.Append(text) });
        Assert.Equal("registered\n", log.ToString());
        return responses.ToString();
    }

    [Fact]
    public void AnswersTheHandshakeAndListings()
    {
        var lines = Serve(
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25"}}""",
            """{"jsonrpc":"2.0","method":"notifications/initialized"}""",
            """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""",
            """{"jsonrpc":"2.0","id":3,"method":"resources/list"}""",
            """{"jsonrpc":"2.0","id":4,"method":"resources/templates/list"}""",
            """{"jsonrpc":"2.0","id":5,"method":"prompts/list"}""").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("""{"id":1,"jsonrpc":"2.0","result":{"capabilities":{"prompts":{},"resources":{},"tools":{}},"protocolVersion":"2025-11-25","serverInfo":{"name":"demo",""", lines[0]);
        Assert.Equal("""{"id":2,"jsonrpc":"2.0","result":{"tools":[{"annotations":{"readOnlyHint":true},"description":"Greet someone","inputSchema":{"properties":{"name":{"type":"string"}},"required":["name"],"type":"object"},"name":"greet"}]}}""", lines[1]);
        Assert.Equal("""{"id":3,"jsonrpc":"2.0","result":{"resources":[{"mimeType":"text/markdown","name":"README","uri":"docs://readme"}]}}""", lines[2]);
        Assert.Equal("""{"id":4,"jsonrpc":"2.0","result":{"resourceTemplates":[{"name":"Config","uriTemplate":"config://{key}"}]}}""", lines[3]);
        Assert.Equal("""{"id":5,"jsonrpc":"2.0","result":{"prompts":[{"arguments":[{"name":"code","required":true}],"name":"review"}]}}""", lines[4]);
    }

    [Fact]
    public void CallsToolsReadsResourcesAndRendersPrompts()
    {
        var lines = Serve(
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"greet","arguments":{"name":"Ada"}}}""",
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"greet","arguments":{}}}""",
            """{"jsonrpc":"2.0","id":3,"method":"resources/read","params":{"uri":"config://color"}}""",
            """{"jsonrpc":"2.0","id":4,"method":"prompts/get","params":{"name":"review","arguments":{"code":"x = 1"}}}""",
            """{"jsonrpc":"2.0","id":5,"method":"prompts/get","params":{"name":"review","arguments":{}}}""",
            """{"jsonrpc":"2.0","id":6,"method":"nope"}""",
            "not json").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                """{"id":1,"jsonrpc":"2.0","result":{"content":[{"text":"Hello, Ada!","type":"text"}],"isError":false}}""",
                """{"id":2,"jsonrpc":"2.0","result":{"content":[{"text":"Invalid arguments for tool 'greet': missing required parameter 'name'","type":"text"}],"isError":true}}""",
                """{"id":3,"jsonrpc":"2.0","result":{"contents":[{"text":"value for color","uri":"config://color"}]}}""",
                """{"id":4,"jsonrpc":"2.0","result":{"messages":[{"content":{"text":"Review: x = 1","type":"text"},"role":"user"}]}}""",
                """{"error":{"code":-32602,"message":"Missing required argument 'code' for prompt 'review'"},"id":5,"jsonrpc":"2.0"}""",
                """{"error":{"code":-32601,"message":"Method not found: nope"},"id":6,"jsonrpc":"2.0"}""",
                """{"error":{"code":-32700,"message":"Parse error"},"id":null,"jsonrpc":"2.0"}""",
            ],
            lines);
    }

    [Fact]
    public async Task ServesStreamableHttpToAnotherRunsClient()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var stop = new CancellationTokenSource();
        var hooks = new HookRegistry();
        var endpoint = new Uri($"http://127.0.0.1:{port}/mcp");
        HarnMcpServer.AttachHttp(hooks, endpoint, stop.Token, "http-demo");
        var server = Task.Run(() => HarnExecution.Run(HarnScript.Compile(Agent), new HarnRunOptions { Hooks = hooks, Output = (_, _) => { } }));
        try
        {
            var output = "";
            for (var attempt = 0; attempt < 50; attempt++)
            {
                try
                {
                    output = Output($$"""
                        let client = mcp_connect({transport: "http", url: {{Quote(endpoint.ToString())}}})
                        println(client)
                        println(mcp_call(client, "greet", {name: "Lin"}))
                        println(mcp_read_resource(client, "docs://readme"))
                        println(mcp_get_prompt(client, "review", {code: "y"}).messages[0].content.text)
                        """);
                    break;
                }
                catch (Harn.Runtime.HarnRuntimeException) when (attempt < 49)
                {
                    // The server run is still starting.
                    await Task.Delay(100);
                }
            }

            AssertLines(output, "<mcp_client:http-demo>", "Hello, Lin!", "# Hi", "Review: y");
        }
        finally
        {
            await stop.CancelAsync();
            await server.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public void RegistrationsValidateTheirConfig()
    {
        Assert.Equal("Thrown: mcp_serve: argument must be a tool registry (created with tool_registry()), got string", Error("mcp_serve(\"not a registry\")"));
        Assert.Equal("Thrown: mcp_tools: argument must be a tool registry (created with tool_registry()), got list", Error("mcp_tools([])"));
        Assert.Equal("Thrown: mcp_resource: config needs a string `uri`", Error("mcp_resource({name: \"x\", text: \"t\"})"));
        Assert.Equal("Thrown: mcp_resource: config needs `text`", Error("mcp_resource({uri: \"a://b\", name: \"x\"})"));
        Assert.Equal("Thrown: mcp_resource_template: config needs a `handler` function", Error("mcp_resource_template({uri_template: \"a://{b}\", name: \"x\"})"));
        Assert.Equal("Thrown: mcp_prompt: config needs a string `name`", Error("mcp_prompt({handler: { a -> a }})"));
        AssertLines(Output("""
            println(mcp_prompt({name: "p", handler: { a -> "x" }}))
            println(mcp_resource({uri: "a://b", name: "n", text: "t"}))
            """), "nil", "nil");
    }
}
