using Harn.Vm.Tests.Vm;
using Xunit;
using static Harn.Vm.Tests.Llm.ProviderScripts;

namespace Harn.Vm.Tests.Llm;

/// <summary>The Ollama <c>/api/chat</c> transport against a local fake server.</summary>
public sealed class OllamaProviderTests
{
    [Fact]
    public void ARequestSendsOptionsWithoutAuthAndReadsTheCounts()
    {
        using var server = new FakeProviderServer(FakeReply.Json(
            """{"model":"llama3.2","message":{"role":"assistant","content":"Hola"},"done":true,"done_reason":"stop","prompt_eval_count":9,"eval_count":2}"""));
        var output = ScriptRunner.Output($$"""
            let r = llm_call("hello", nil, {{Options("ollama", "llama3.2", server.Url, ", temperature: 0.5, ollama: {num_ctx: 4096}")}})
            println(r.text + "|" + to_string(r.input_tokens) + "|" + to_string(r.output_tokens) + "|" + r.stop_reason)
            """);

        Assert.Equal("Hola|9|2|end_turn\n", output);
        var (path, headers, body) = Assert.Single(server.Requests);
        Assert.Equal("/api/chat", path);
        Assert.False(headers.ContainsKey("authorization"));
        Assert.Contains("\"options\":{\"num_ctx\":4096,\"temperature\":0.5}", body);
    }

    [Fact]
    public void AStreamedAnswerIsAssembledFromNdJsonLines()
    {
        using var server = new FakeProviderServer(FakeReply.NdJson(
            """{"message":{"content":"one "},"done":false}""",
            """{"message":{"content":"two"},"done":false}""",
            """{"message":{"content":""},"done":true,"prompt_eval_count":4,"eval_count":2}"""));
        var output = ScriptRunner.Output($$"""
            let chunks = llm_stream("count", nil, {{Options("ollama", "llama3.2", server.Url)}})
            var all = []
            for chunk in chunks { all = all + [chunk] }
            println(all)
            """);

        Assert.Equal("[one , two]\n", output);
    }

    [Fact]
    public void AToolCallKeepsItsObjectArguments()
    {
        using var server = new FakeProviderServer(FakeReply.Json(
            """{"message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Oslo"}}}]},"done":true,"prompt_eval_count":3,"eval_count":1}"""));
        var output = ScriptRunner.Output($$"""
            let r = llm_call("weather?", nil, {{Options("ollama", "llama3.2", server.Url, ", tools: [{name: \"get_weather\", parameters: {city: {type: \"string\"}}}]")}})
            println(r.tool_calls[0].name + " " + r.tool_calls[0].arguments.city + " " + r.stop_reason)
            """);

        Assert.Equal("get_weather Oslo tool_use\n", output);
        Assert.Contains("\"tools\":[{\"function\":", server.Requests[0].Body);
    }

    [Fact]
    public void AServiceUnavailableAnswerHonoursRetryAfter()
    {
        var busy = FakeReply.Json("""{"error":"model is loading"}""", 503, new Dictionary<string, string> { ["Retry-After"] = "0" });
        using var server = new FakeProviderServer(busy, FakeReply.Json("""{"message":{"content":"ready"},"done":true}"""));
        var output = ScriptRunner.Output($$"""
            println(llm_call("x", nil, {{Options("ollama", "llama3.2", server.Url, ", llm_retries: 1")}}).text)
            """);
        Assert.Equal("ready\n", output);
        Assert.Equal(2, server.RequestCount);

        using var failing = new FakeProviderServer(busy);
        var error = ScriptRunner.Output($$"""
            let d = unwrap_err(try { llm_call("x", nil, {{Options("ollama", "llama3.2", failing.Url)}}) })
            println(d.category + " " + d.kind + " " + to_string(d.retry_after_ms) + " " + d.message)
            """);
        Assert.Equal("server_error transient 0 ollama HTTP 503: {\"error\":\"model is loading\"}\n", error);
    }
}
