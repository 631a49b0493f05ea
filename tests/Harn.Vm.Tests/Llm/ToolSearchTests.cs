using Harn.Runtime;
using Harn.Stdlib.Llm;
using Harn.Vm.Tests.Vm;
using Xunit;

namespace Harn.Vm.Tests.Llm;

/// <summary>The <c>tool_search</c> option (Tool Vault): client-side search and promotion, native payloads, ranking and errors.</summary>
public sealed class ToolSearchTests
{
    private const string Registry = """
        var reg = tool_registry()
        reg = tool_define(reg, "look", "Read a file", {parameters: {path: {type: "string"}}, handler: { a -> "read " + a.path }})
        reg = tool_define(reg, "open_file", "Open a file for editing", {parameters: {path: {type: "string"}}, defer_loading: true, handler: { a -> "opened " + a.path }})
        reg = tool_define(reg, "send_mail", "Send an email", {parameters: {to: {type: "string"}}, defer_loading: true, namespace: "comms", handler: { a -> "sent" }})

        """;

    [Fact]
    public void TheClientPathHidesDeferredToolsUntilASearchPromotesThem()
    {
        var output = ScriptRunner.Output(Registry + """
            llm_mock({tool_calls: [{id: "s1", name: "__harn_tool_search", arguments: {query: "open file"}}]})
            llm_mock({tool_calls: [{id: "c1", name: "send_mail", arguments: {to: "x"}}]})
            llm_mock({tool_calls: [{id: "c2", name: "open_file", arguments: {path: "a.txt"}}]})
            llm_mock({text: "##DONE##"})
            let r = agent_loop("go", nil, {provider: "mock", tools: reg, tool_search: "bm25", persistent: true, max_iterations: 6})
            let calls = llm_mock_calls()
            println(calls[0].system)
            println(calls[0].tools.map({ t -> t.function.name }))
            println(calls[1].tools.map({ t -> t.function.name }))
            println(calls[1].messages[2].content)
            println(calls[2].messages[4].content)
            println(calls[3].messages[6].content)
            for ev in transcript_events(r.transcript) {
              if starts_with(ev.kind, "tool_search") { println(ev.kind + " " + json_stringify(ev.metadata)) }
            }
            """);

        Assert.Equal("""
            ## Tool search
            More tools exist than are loaded. To find one, call `__harn_tool_search` with a `query`; matching tools are loaded for your next turn.
            Loaded tools: look, __harn_tool_search.

            IMPORTANT: You MUST keep working until the task is complete. When it is complete, output ##DONE## on its own line.
            [look, __harn_tool_search]
            [look, open_file, __harn_tool_search]
            {"note":"These tools are callable from your next turn.","query":"open file","tools":[{"description":"Open a file for editing","name":"open_file"}]}
            tool 'send_mail' is not loaded; call `__harn_tool_search` to find and load it first
            opened a.txt
            tool_search_query {"id":"mock_call_1","mode":"client","name":"__harn_tool_search","query":{"query":"open file"},"strategy":"bm25"}
            tool_search_result {"evicted":[],"mode":"client","promoted":["open_file"],"references":[{"tool_name":"open_file","type":"tool_reference"}],"strategy":"bm25","tool_use_id":"mock_call_1"}

            """, output);
    }

    [Fact]
    public void ABadRegexQueryIsReportedToTheModelAndTheLoopGoesOn()
    {
        var output = ScriptRunner.Output(Registry + """
            llm_mock({tool_calls: [{name: "__harn_tool_search", arguments: {query: "open(("}}]})
            llm_mock({text: "done"})
            let r = agent_loop("go", nil, {provider: "mock", tools: reg, tool_search: {variant: "regex", mode: "client"}})
            println(r.status)
            let result = llm_mock_calls()[1].messages[2].content
            println(starts_with(result, "__harn_tool_search: invalid regex \"open((\":"))
            for ev in transcript_events(r.transcript) {
              if ev.kind == "tool_search_result" { println(ev.metadata.promoted) }
            }
            """);

        Assert.Equal("done\ntrue\n[]\n", output);
    }

    [Fact]
    public void BudgetTokensEvictTheOldestPromotion()
    {
        var output = ScriptRunner.Output("""
            let long = "A tool with a long description so that its schema costs well over fifty tokens once it is written out as JSON for the provider."
            var reg = tool_define(tool_registry(), "anchor", "Always here", {parameters: {}, handler: { a -> "ok" }})
            reg = tool_define(reg, "red", long, {parameters: {}, defer_loading: true, handler: { a -> "r" }})
            reg = tool_define(reg, "blue", long, {parameters: {}, defer_loading: true, handler: { a -> "b" }})
            llm_mock({tool_calls: [{name: "__harn_tool_search", arguments: {query: "red"}}]})
            llm_mock({tool_calls: [{name: "__harn_tool_search", arguments: {query: "blue"}}]})
            llm_mock({text: "done"})
            let r = agent_loop("go", nil, {provider: "mock", tools: reg, tool_search: {mode: "client", budget_tokens: 50}})
            for ev in transcript_events(r.transcript) {
              if ev.kind == "tool_search_result" { println("${ev.metadata.promoted} ${ev.metadata.evicted}") }
            }
            println(llm_mock_calls()[2].tools.map({ t -> t.function.name }))
            """);

        Assert.Equal("[red] []\n[blue] [red]\n[anchor, blue, __harn_tool_search]\n", output);
    }

    [Fact]
    public void SearchEventsReachSessionSubscribersAndInjectedFeedbackReachesTheNextTurn()
    {
        var output = ScriptRunner.Output(Registry + """
            agent_subscribe("s", { ev ->
              if starts_with(ev.type, "tool_search") { agent_inject_feedback("s", "seen", ev.type) }
            })
            llm_mock({tool_calls: [{name: "__harn_tool_search", arguments: {query: "mail"}}]})
            llm_mock({text: "done"})
            agent_loop("go", nil, {provider: "mock", tools: reg, tool_search: {mode: "client"}, session_id: "s"})
            for m in llm_mock_calls()[1].messages { println(m.role + ": " + m.content) }
            """);

        Assert.Equal("""
            user: go
            assistant: 
            tool: {"note":"These tools are callable from your next turn.","query":"mail","tools":[{"description":"Send an email","name":"send_mail"}]}
            user: [seen] tool_search_query
            user: [seen] tool_search_result

            """, output);
    }

    [Fact]
    public void NativeRoutesSendTheMetaToolAndTheDeferredFlags()
    {
        var output = ScriptRunner.Output(Registry + """
            llm_mock({text: "ack"})
            llm_call("x", nil, {provider: "mock", model: "claude-opus-4-7", tools: reg, tool_search: "regex"})
            let anthropic = llm_mock_calls()[0].tools
            println(json_stringify(anthropic[0]))
            println(anthropic.map({ t -> t.defer_loading }))
            llm_mock_clear()
            llm_mock({text: "ack"})
            llm_call("x", nil, {provider: "mock", model: "gpt-5.4", tools: reg, tool_search: true})
            let openai = llm_mock_calls()[0].tools
            println(json_stringify(openai[0]))
            println(openai[3].namespace)
            """);

        Assert.Equal("""
            {"name":"tool_search_tool_regex","type":"tool_search_tool_regex_20251119"}
            [nil, nil, true, true]
            {"mode":"hosted","namespaces":["comms"],"type":"tool_search"}
            comms

            """, output);
    }

    [Fact]
    public void TheClientPathOfOneCallOffersTheSearchToolAndAStubListing()
    {
        var output = ScriptRunner.Output(Registry + """
            llm_mock({text: "ack"})
            llm_call("x", "Be brief.", {provider: "mock", tools: reg, tool_search: {name: "find_tool", include_stub_listing: true}})
            println(llm_mock_calls()[0].system)
            println(llm_mock_calls()[0].tools.map({ t -> t.function.name }))
            """);

        Assert.Equal("""
            Be brief.

            ## Tool search
            More tools exist than are loaded. To find one, call `find_tool` with a `query`; matching tools are loaded for your next turn.
            Loaded tools: look, find_tool.
            Searchable tools:
            - open_file: Open a file for editing
            - send_mail: Send an email
            [look, find_tool]

            """, output);
    }

    [Theory]
    [InlineData("""llm_call("x", nil, {provider: "mock", model: "gpt-4o", tools: reg, tool_search: {mode: "native"}})""",
        "llm_call: tool_search mode \"native\" is unavailable: provider \"mock\" with model \"gpt-4o\" does not expose native tool_search. Use tool_search: {mode: \"client\"} (or mode: \"auto\") for the client-executed fallback, or set mock: {force_native_tool_search: true} if this endpoint forwards OpenAI's tool_search unchanged.")]
    [InlineData("""llm_call("x", nil, {provider: "mock", tools: tool_define(tool_registry(), "only", "d", {parameters: {}, defer_loading: true, handler: { a -> "x" }}), tool_search: true})""",
        "llm_call: tool_search needs at least one tool without `defer_loading: true`, but every tool of the registry is deferred. Load one eagerly (drop `defer_loading`, or list it in `tool_search.always_loaded`).")]
    [InlineData("""llm_call("x", nil, {provider: "mock", tools: reg, tool_search: {mode: "sometimes"}})""",
        "llm_call: unknown `tool_search` mode \"sometimes\"; expected one of \"auto\", \"native\", \"client\"")]
    [InlineData("""llm_call("x", nil, {provider: "mock", tools: reg, tool_search: 3})""",
        "llm_call: `tool_search` must be a bool, \"bm25\", \"regex\" or a dict, got 3")]
    [InlineData("""llm_call("x", nil, {provider: "mock", tools: reg, tool_search: {budget_tokens: "lots"}})""",
        "llm_call: `tool_search.budget_tokens` must be a non-negative int, got lots")]
    [InlineData("""agent_loop("x", nil, {provider: "mock", tools: reg, tool_format: "text", tool_search: {mode: "native"}})""",
        "agent_loop: tool_search mode \"native\" is unavailable: tool_format \"text\" does not expose native tool_search (it needs native tool calling). Use tool_search: {mode: \"client\"} (or mode: \"auto\") for the client-executed fallback, or set mock: {force_native_tool_search: true} if this endpoint forwards OpenAI's tool_search unchanged.")]
    [InlineData("""tool_define(tool_registry(), "t", "d", {parameters: {}, namespace: 1, handler: { a -> "x" }})""",
        "tool_define: tool \"t\" has `namespace: 1`; `namespace` must be a string")]
    public void MisuseIsAClearError(string call, string message)
    {
        var output = ScriptRunner.Output(Registry + "println(unwrap_err(try { " + call + " }))");
        Assert.Equal(message + "\n", output);
    }

    [Fact]
    public void Bm25RanksByTermWeightAndSplitsNamesAtUnderscores()
    {
        var entries = new[]
        {
            Tool("open_file", "Open a file"),
            Tool("list_files", "List every file of a folder"),
            Tool("run_shell", "Run a shell command"),
        };

        Assert.Equal(["open_file", "list_files"], ToolSearchRanking.Bm25(entries, "open file"));
        Assert.Empty(ToolSearchRanking.Bm25(entries, "deploy"));
        Assert.Equal(["open_file", "run_shell"], ToolSearchRanking.Regex(entries, "OPEN|shell"));
        Assert.Throws<ToolSearchQueryException>(() => ToolSearchRanking.Regex(entries, "(a)\\1"));
    }

    private static HarnDict Tool(string name, string description) => HarnDict.Empty
        .With("name", Value.FromString(name))
        .With("description", Value.FromString(description))
        .With("parameters", Value.FromDict(HarnDict.Empty));
}
