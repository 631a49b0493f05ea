using Harn.Vm.Tests.Vm;
using Xunit;
using static Harn.Vm.Tests.Llm.ProviderScripts;

namespace Harn.Vm.Tests.Llm;

/// <summary>The OpenAI-compatible chat completions transport against a local fake server.</summary>
public sealed class OpenAiProviderTests
{
    [Fact]
    public void ARequestSendsModelMessagesAndBearerKeyAndReadsTheAnswer()
    {
        using var server = new FakeProviderServer(FakeReply.Json(
            """{"model":"gpt-4o","choices":[{"message":{"role":"assistant","content":"Paris."},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":3}}"""));
        var output = ScriptRunner.Output($$"""
            let r = llm_call("Capital of France?", "Be brief.", {{Options("openai", "gpt-4o", server.Url + "/v1", ", max_tokens: 50")}})
            println(r.text)
            println(r.provider + " " + r.model + " " + to_string(r.input_tokens) + " " + to_string(r.output_tokens) + " " + r.stop_reason)
            """);

        Assert.Equal("Paris.\nopenai gpt-4o 12 3 end_turn\n", output);
        var (path, headers, body) = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", path);
        Assert.Equal("Bearer " + Key, headers["authorization"]);
        Assert.Contains("\"model\":\"gpt-4o\"", body);
        Assert.Contains("{\"content\":\"Be brief.\",\"role\":\"system\"}", body);
        Assert.Contains("{\"content\":\"Capital of France?\",\"role\":\"user\"}", body);
        Assert.Contains("\"max_tokens\":50", body);
    }

    [Fact]
    public void AStreamedAnswerIsAssembledFromServerSentEvents()
    {
        using var server = new FakeProviderServer(FakeReply.Sse(
            """data: {"choices":[{"delta":{"content":"Hel"}}]}""",
            """data: {"choices":[{"delta":{"content":"lo"}}]}""",
            """data: {"choices":[{"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2}}""",
            "data: [DONE]"));
        var output = ScriptRunner.Output($$"""
            let chunks = llm_stream("hi", nil, {{Options("openai", "gpt-4o", server.Url + "/v1")}})
            var all = []
            for chunk in chunks { all = all + [chunk] }
            println(all)
            let r = llm_call("hi", nil, {{Options("openai", "gpt-4o", server.Url + "/v1", ", stream: true")}})
            println(r.text + " " + to_string(r.output_tokens))
            """);

        Assert.Equal("[Hel, lo]\nHello 2\n", output);
        Assert.Contains("\"stream\":true", server.Requests[0].Body);
    }

    [Fact]
    public void AToolCallComesBackWithParsedArguments()
    {
        using var server = new FakeProviderServer(FakeReply.Json(
            """{"choices":[{"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_9","type":"function","function":{"name":"read_file","arguments":"{\"path\":\"a.txt\"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":1,"completion_tokens":1}}"""));
        var output = ScriptRunner.Output($$"""
            let tools = [{name: "read_file", description: "Read", parameters: {path: {type: "string"} } }]
            let r = llm_call("read a.txt", nil, {{Options("openai", "gpt-4o", server.Url + "/v1", ", tools: tools")}})
            println(r.tool_calls[0].id + " " + r.tool_calls[0].name + " " + r.tool_calls[0].arguments.path + " " + r.stop_reason)
            """);

        Assert.Equal("call_9 read_file a.txt tool_use\n", output);
        Assert.Contains("\"tools\":[{\"function\":{\"description\":\"Read\",\"name\":\"read_file\",\"parameters\":{\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"],\"type\":\"object\"}},\"type\":\"function\"}]", server.Requests[0].Body);
    }

    [Fact]
    public void ARateLimitCarriesRetryAfterAndIsRetriedWhenAsked()
    {
        var limited = FakeReply.Json("""{"error":{"message":"slow down"}}""", 429, new Dictionary<string, string> { ["Retry-After"] = "0" });
        using var server = new FakeProviderServer(limited, FakeReply.Json("""{"choices":[{"message":{"content":"ok"}}]}"""));
        var output = ScriptRunner.Output($$"""
            let r = llm_call("x", nil, {{Options("openai", "gpt-4o", server.Url + "/v1", ", llm_retries: 1")}})
            println(r.text)
            """);
        Assert.Equal("ok\n", output);
        Assert.Equal(2, server.RequestCount);

        using var failing = new FakeProviderServer(limited);
        var error = ScriptRunner.Output($$"""
            let e = try { llm_call("x", nil, {{Options("openai", "gpt-4o", failing.Url + "/v1")}}) }
            let d = unwrap_err(e)
            println(d.category + " " + d.kind + " " + d.reason + " " + to_string(d.retry_after_ms))
            println(d.message)
            """);
        Assert.Equal("rate_limit transient rate_limit 0\nopenai HTTP 429: {\"error\":{\"message\":\"slow down\"}}\n", error);
        Assert.DoesNotContain(Key, error);
    }

    [Fact]
    public void AMissingKeyAndAnUnreachableServerAreCategorizedWithoutLeakingTheKey()
    {
        var output = ScriptRunner.Output($$"""
            let missing = unwrap_err(try { llm_call("x", nil, {provider: "groq", model: "llama", base_url: "http://127.0.0.1:9"}) })
            println(missing.category + " " + missing.message)
            let bad = unwrap_err(try { llm_call("x", nil, {{Options("openai", "gpt-4o", "not a url")}}) })
            println(bad.category)
            """);

        Assert.Equal("auth No API key found for provider groq: set GROQ_API_KEY\ngeneric\n", output);
        Assert.DoesNotContain(Key, output);
    }
}
