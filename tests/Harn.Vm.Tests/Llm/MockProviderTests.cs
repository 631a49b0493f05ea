using Harn.Vm.Tests.Vm;
using Xunit;

namespace Harn.Vm.Tests.Llm;

/// <summary>The mock provider: FIFO and glob entries, the default answer, errors, scopes and the call log.</summary>
public sealed class MockProviderTests
{
    [Fact]
    public void GlobEntriesAnswerBeforeFifoOnesAndStayUnlessConsumed()
    {
        var output = ScriptRunner.Output("""
            llm_mock({text: "fifo"})
            llm_mock({text: "glob", match: "*weather*"})
            println(llm_call("the weather today", nil, {provider: "mock"}).text)
            println(llm_call("the weather again", nil, {provider: "mock"}).text)
            println(llm_call("other", nil, {provider: "mock"}).text)
            println(llm_call("hello big world", nil, {provider: "mock"}).text)
            """);

        Assert.Equal("glob\nglob\nfifo\nMock response to 3-word prompt: hello big world\n", output);
    }

    [Fact]
    public void ToolCallsGetSequentialMockIdsAndTheDefaultCallsTheFirstTool()
    {
        var output = ScriptRunner.Output("""
            llm_mock({tool_calls: [{id: "ignored", name: "a", arguments: {x: 1}}, {name: "b", args: {y: 2}}]})
            let r = llm_call("go", nil, {provider: "mock"})
            println(r.tool_calls.map({ c -> c.id + ":" + c.name }))
            println(r.tool_calls[1].arguments.y)
            let d = llm_call("go", nil, {provider: "mock", tools: [{name: "search", parameters: {q: {type: "string"}, n: {type: "integer", required: false}}}]})
            println(d.tool_calls[0].name + " " + json_stringify(d.tool_calls[0].arguments))
            """);

        Assert.Equal("[mock_call_1:a, mock_call_2:b]\n2\nsearch {\"q\":\"mock\"}\n", output);
    }

    [Fact]
    public void AnInjectedErrorIsThrownAsTheCategorizedDict()
    {
        var output = ScriptRunner.Output("""
            llm_mock({error: {category: "not_found", message: "no such model"}})
            let e = unwrap_err(try { llm_call("x", nil, {provider: "mock", model: "m1"}) })
            println(e)
            """);

        Assert.Equal("{category: not_found, kind: terminal, message: no such model, model: m1, provider: mock, reason: model_unavailable}\n", output);
    }

    [Fact]
    public void AnUnknownErrorCategoryIsRejected()
    {
        var error = ScriptRunner.Fail("""llm_mock({error: {category: "bogus"}})""");
        Assert.Contains("llm_mock: error.category must be one of timeout, auth, rate_limit", error.Message);
    }

    [Fact]
    public void ScopesIsolateTheQueueAndTheCallLog()
    {
        var output = ScriptRunner.Output("""
            llm_mock({text: "outer"})
            llm_call("a", nil, {provider: "mock"})
            llm_mock_push_scope()
            llm_mock({text: "inner"})
            println(llm_call("b", nil, {provider: "mock"}).text + " " + to_string(len(llm_mock_calls())))
            llm_mock_pop_scope()
            println(len(llm_mock_calls()))
            let e = try { llm_mock_pop_scope() }
            println(unwrap_err(e))
            """);

        Assert.Equal("inner 1\n1\nllm_mock_pop_scope: no scope to pop\n", output);
    }

    [Fact]
    public void CallsToARealProviderAreServedByTheMockWhileAnswersAreQueued()
    {
        var output = ScriptRunner.Output("""
            llm_mock({text: "from mock"})
            let r = llm_call("x", nil, {provider: "openai", model: "gpt-4o"})
            println(r.text + " " + r.provider)
            println(llm_mock_calls()[0].model)
            """);

        Assert.Equal("from mock openai\ngpt-4o\n", output);
    }

    [Fact]
    public void TransientErrorsAreRetriedWithinTheBudgetAndTerminalOnesAreNot()
    {
        var output = ScriptRunner.Output("""
            llm_mock({error: {category: "timeout", message: "t1"}})
            llm_mock({text: "recovered"})
            println(llm_call("x", nil, {provider: "mock", llm_retries: 1, llm_backoff_ms: 0}).text)
            llm_mock_clear()
            llm_mock({error: {category: "auth", message: "bad key"}})
            llm_mock({text: "never"})
            let e = unwrap_err(try { llm_call("x", nil, {provider: "mock", llm_retries: 3, llm_backoff_ms: 0}) })
            println(e.reason + " " + to_string(len(llm_mock_calls())))
            """);

        Assert.Equal("recovered\nauth_failure 1\n", output);
    }

    [Fact]
    public void ASchemaRetryAppendsOneCorrectionAndTheStructuredResultReportsAttempts()
    {
        var output = ScriptRunner.Output("""
            let schema = {type: "object", required: ["n"], properties: {n: {type: "integer"}}}
            llm_mock({text: "no json here"})
            llm_mock({text: "```json\n{\"n\": 4}\n```"})
            let r = llm_call_structured_result("count", schema, {provider: "mock"})
            println([r.ok, r.data.n, r.attempts, r.extracted_json])
            let second = llm_mock_calls()[1].messages
            println(len(second))
            println(contains(second[1].content, "parseable JSON"))
            """);

        Assert.Equal("[true, 4, 2, true]\n2\ntrue\n", output);
    }

    [Fact]
    public void TheDefaultCompletionDescribesThePrefixAndSuffix()
    {
        var output = ScriptRunner.Output("""
            println(llm_completion("let x = ", ";", nil, {provider: "mock"}).text)
            """);

        Assert.Equal("Mock completion after 8 chars before 1 chars\n", output);
    }
}
