using Harn.Vm.Tests.Vm;
using Xunit;
using static Harn.Vm.Tests.Llm.ProviderScripts;

namespace Harn.Vm.Tests.Llm;

/// <summary>The Anthropic Messages transport against a local fake server.</summary>
public sealed class AnthropicProviderTests
{
    private const string Model = "claude-sonnet-4-20250514";

    [Fact]
    public void ARequestSendsTopLevelSystemAndKeyHeaderAndReadsBlocksAndCacheUsage()
    {
        using var server = new FakeProviderServer(FakeReply.Json(
            """{"model":"claude-sonnet-4-20250514","content":[{"type":"text","text":"Hi there"}],"stop_reason":"end_turn","usage":{"input_tokens":10,"output_tokens":4,"cache_read_input_tokens":6,"cache_creation_input_tokens":0}}"""));
        var output = ScriptRunner.Output($$"""
            let r = llm_call("hello", "Be kind.", {{Options("anthropic", Model, server.Url)}})
            println(r.text + "|" + to_string(r.input_tokens) + "|" + to_string(r.cache_read_tokens) + "|" + r.stop_reason)
            """);

        Assert.Equal("Hi there|16|6|end_turn\n", output);
        var (path, headers, body) = Assert.Single(server.Requests);
        Assert.Equal("/v1/messages", path);
        Assert.Equal(Key, headers["x-api-key"]);
        Assert.Equal("2023-06-01", headers["anthropic-version"]);
        Assert.Contains("\"system\":\"Be kind.\"", body);
        Assert.Contains("\"max_tokens\":16384", body);
        Assert.Contains("\"messages\":[{\"content\":\"hello\",\"role\":\"user\"}]", body);
    }

    [Fact]
    public void AStreamedAnswerIsAssembledFromMessageEvents()
    {
        using var server = new FakeProviderServer(FakeReply.Sse(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"claude-sonnet-4-20250514\",\"usage\":{\"input_tokens\":7,\"output_tokens\":1}}}",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Good \"}}",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"morning\"}}",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":3}}",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}"));
        var output = ScriptRunner.Output($$"""
            let r = llm_call("hi", nil, {{Options("anthropic", Model, server.Url, ", stream: true")}})
            println(r.text + "|" + to_string(r.input_tokens) + "|" + to_string(r.output_tokens))
            """);

        Assert.Equal("Good morning|7|3\n", output);
        Assert.Contains("\"stream\":true", server.Requests[0].Body);
    }

    [Fact]
    public void AToolUseBlockBecomesAToolCallAndToolResultsGoBackAsToolResultBlocks()
    {
        using var server = new FakeProviderServer(
            FakeReply.Json("""{"content":[{"type":"text","text":"Reading."},{"type":"tool_use","id":"toolu_1","name":"read_file","input":{"path":"a.txt"}}],"stop_reason":"tool_use","usage":{"input_tokens":3,"output_tokens":2}}"""),
            FakeReply.Json("""{"content":[{"type":"text","text":"It says hi. ##DONE##"}],"stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":2}}"""));
        var output = ScriptRunner.Output($$"""
            var tools = tool_registry()
            tools = tool_define(tools, "read_file", "Read a file", {parameters: {path: {type: "string"} }, handler: { args -> "hi from " + args.path } })
            let r = agent_loop("read a.txt", nil, {{Options("anthropic", Model, server.Url, ", tools: tools, llm_retries: 0")}})
            println(r.status + "|" + r.visible_text + "|" + to_string(r.tools.successful))
            """);

        Assert.Equal("done|It says hi. ##DONE##|[read_file]\n", output);
        Assert.Equal(2, server.RequestCount);
        Assert.Contains("\"input_schema\":{\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"],\"type\":\"object\"}", server.Requests[0].Body);
        var second = server.Requests[1].Body;
        Assert.Contains("{\"id\":\"toolu_1\",\"input\":{\"path\":\"a.txt\"},\"name\":\"read_file\",\"type\":\"tool_use\"}", second);
        Assert.Contains("{\"content\":\"hi from a.txt\",\"tool_use_id\":\"toolu_1\",\"type\":\"tool_result\"}", second);
    }

    [Fact]
    public void AnOverloadedAnswerIsRetriedAfterTheRetryAfterHint()
    {
        var overloaded = FakeReply.Json("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""", 529, new Dictionary<string, string> { ["retry-after-ms"] = "20" });
        using var server = new FakeProviderServer(overloaded, FakeReply.Json("""{"content":[{"type":"text","text":"fine"}],"usage":{"input_tokens":1,"output_tokens":1}}"""));
        var output = ScriptRunner.Output($$"""
            println(llm_call("x", nil, {{Options("anthropic", Model, server.Url, ", llm_retries: 2")}}).text)
            """);
        Assert.Equal("fine\n", output);
        Assert.Equal(2, server.RequestCount);

        using var failing = new FakeProviderServer(overloaded);
        var error = ScriptRunner.Output($$"""
            let d = unwrap_err(try { llm_call("x", nil, {{Options("anthropic", Model, failing.Url)}}) })
            println(d.category + " " + d.reason + " " + to_string(d.retry_after_ms) + " " + d.provider + " " + d.model)
            """);
        Assert.Equal($"overloaded server_error 20 anthropic {Model}\n", error);
    }
}
