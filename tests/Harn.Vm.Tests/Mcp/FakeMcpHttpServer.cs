using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Harn.Vm.Tests.Support;

namespace Harn.Vm.Tests.Mcp;

/// <summary>
/// A Streamable HTTP MCP server on loopback for client tests: tools <c>echo</c> and <c>boom</c>
/// (which reports <c>isError</c>), one resource and one prompt. It answers <c>tools/list</c> as
/// an SSE stream that sends a notification first and stays open after the answer, and
/// everything else as JSON; it issues a session id and records each call.
/// </summary>
internal sealed class FakeMcpHttpServer : LoopbackHttpServer
{
    public FakeMcpHttpServer()
        : base(concurrent: true) => Start();

    public List<string> Methods { get; } = [];

    public List<string?> SessionHeaders { get; } = [];

    public string Endpoint => Url + "/mcp";

    protected override async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var request = JsonNode.Parse(await reader.ReadToEndAsync().ConfigureAwait(false))!.AsObject();
        var method = (string)request["method"]!;
        lock (Methods)
        {
            Methods.Add(method);
            SessionHeaders.Add(context.Request.Headers["Mcp-Session-Id"]);
        }

        context.Response.Headers["Mcp-Session-Id"] = "session-1";
        if (request["id"] is null)
        {
            context.Response.StatusCode = 202;
            context.Response.Close();
            return;
        }

        var result = Result(method, request["params"]?.AsObject());
        var response = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = request["id"]!.DeepClone() };
        if (result is null)
        {
            response["error"] = new JsonObject { ["code"] = -32601, ["message"] = "Method not found: " + method };
        }
        else
        {
            response["result"] = result;
        }

        if (method == "tools/list")
        {
            context.Response.ContentType = "text/event-stream";
            context.Response.SendChunked = true;
            var events = "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n"
                + "event: message\ndata: " + response.ToJsonString() + "\n\n";
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(events)).ConfigureAwait(false);
            await context.Response.OutputStream.FlushAsync().ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, Stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The server is shutting down.
            }

            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(response.ToJsonString())).ConfigureAwait(false);
        context.Response.Close();
    }

    private static JsonNode? Result(string method, JsonObject? parameters) => method switch
    {
        "initialize" => JsonNode.Parse("""{"protocolVersion":"2025-11-25","capabilities":{"tools":{}},"serverInfo":{"name":"fake-http","version":"2.0.0"}}"""),
        "tools/list" => JsonNode.Parse("""
            {"tools":[
              {"name":"echo","description":"Echo a message","inputSchema":{"type":"object","properties":{"message":{"type":"string"}},"required":["message"]}},
              {"name":"boom","description":"Always fails","inputSchema":{"type":"object","properties":{}}}
            ]}
            """),
        "tools/call" => (string?)parameters?["name"] switch
        {
            "echo" => new JsonObject
            {
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "echo: " + (string?)parameters!["arguments"]?["message"] }),
                ["isError"] = false,
            },
            "boom" => JsonNode.Parse("""{"content":[{"type":"text","text":"it went boom"}],"isError":true}"""),
            _ => null,
        },
        "resources/list" => JsonNode.Parse("""{"resources":[{"uri":"memo://one","name":"One"}]}"""),
        "resources/read" => JsonNode.Parse("""{"contents":[{"uri":"memo://one","text":"first memo"}]}"""),
        "prompts/list" => JsonNode.Parse("""{"prompts":[{"name":"greet","arguments":[{"name":"who","required":true}]}]}"""),
        "prompts/get" => new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject
            {
                ["role"] = "user",
                ["content"] = new JsonObject { ["type"] = "text", ["text"] = "Hello " + (string?)parameters?["arguments"]?["who"] },
            }),
        },
        _ => null,
    };
}
