using Xunit;
using static Harn.Vm.Tests.Agents.AgentTestRunner;

namespace Harn.Vm.Tests.Agents;

public class SubAgentTests
{
    private const string Tools = """
        fn tools() {
          var t = tool_registry()
          t = tool_define(t, "search", "Search", {parameters: {q: "string"}, handler: { a -> "found " + a.q }})
          t = tool_define(t, "write", "Write", {parameters: {path: "string"}, handler: { a -> "wrote " + a.path }})
          return t
        }
        """;

    [Fact]
    public void The_parent_sees_one_envelope_and_none_of_the_child_conversation()
    {
        var output = Run(Tools + "\n" + """
            pipeline default() {
              llm_mock({tool_calls: [{name: "search", arguments: {q: "config"}}], input_tokens: 10, output_tokens: 5})
              llm_mock({text: "It is in main.rs", input_tokens: 7, output_tokens: 3})
              let r = sub_agent_run("Find the config", {provider: "mock", tools: tools(), allowed_tools: ["search"]})
              println([r.ok, r.summary, r.tokens_used, r.budget_exceeded, r.error])
              println(r.tools_used)
              println(agent_session_exists(r.session_id))
              println(len(transcript_messages(r.transcript)))
            }
            """);
        Assert.Equal("[true, It is in main.rs, 25, false, nil]\n[search]\ntrue\n4\n", output);
    }

    [Fact]
    public void A_call_outside_allowed_tools_fails_the_envelope_as_permission_denied()
    {
        var output = Run(Tools + "\n" + """
            pipeline default() {
              llm_mock({tool_calls: [{name: "write", arguments: {path: "a"}}]})
              let r = sub_agent_run("Write", {provider: "mock", tools: tools(), allowed_tools: ["search"], max_iterations: 1})
              println([r.ok, r.error.category, r.error.tool])
              println(llm_mock_calls()[0].tools.map({ t -> t.function.name }))
            }
            """);
        Assert.Equal("[false, permission_denied, write]\n[search]\n", output);
    }

    [Fact]
    public void A_token_budget_stops_the_child()
    {
        var output = Run(Tools + "\n" + """
            pipeline default() {
              llm_mock({tool_calls: [{name: "search", arguments: {q: "x"}}], input_tokens: 50, output_tokens: 50})
              llm_mock({text: "never reached"})
              let r = sub_agent_run("Go", {provider: "mock", tools: tools(), token_budget: 10})
              println([r.ok, r.budget_exceeded, r.error.category, len(llm_mock_calls())])
            }
            """);
        Assert.Equal("[false, true, budget_exceeded, 1]\n", output);
    }

    [Fact]
    public void Structured_results_are_parsed_and_checked_against_the_returns_schema()
    {
        var output = Run("""
            pipeline default() {
              let schema = {schema: {type: "object", properties: {n: {type: "integer"}}, required: ["n"]}}
              llm_mock({text: "{\"n\": 3}"})
              let good = sub_agent_run("count", {provider: "mock", returns: schema})
              llm_mock({text: "{\"m\": 3}"})
              let bad = sub_agent_run("count", {provider: "mock", returns: schema})
              llm_mock({text: "not json"})
              let prose = sub_agent_run("count", {provider: "mock", response_format: "json"})
              println([good.ok, good.data.n])
              println([bad.ok, bad.error.category])
              println([prose.ok, prose.error.category])
              println(contains(llm_mock_calls()[0].system, "JSON Schema"))
            }
            """);
        Assert.Equal("[true, 3]\n[false, schema_validation]\n[false, schema_validation]\ntrue\n", output);
    }

    [Fact]
    public void A_sub_agent_started_from_a_tool_inherits_the_parent_scope()
    {
        var output = Run(Tools + "\n" + """
            fn parent_tools() {
              return tool_define(tool_registry(), "delegate", "Delegate", {
                parameters: {task: "string"},
                handler: { a -> sub_agent_run(a.task, {provider: "mock", tools: tools(), max_iterations: 1}) },
              })
            }
            pipeline default() {
              let outer = sub_agent_run("x", {provider: "mock", tools: parent_tools(), allowed_tools: ["delegate", "search"], max_iterations: 2,
                system: "parent"})
              let calls = llm_mock_calls()
              println(calls[1].tools.map({ t -> t.function.name }))
            }
            """);
        Assert.Equal("[search]\n", output);
    }

    [Fact]
    public void A_delegating_tool_shows_the_parent_model_the_envelope_without_the_child_transcript()
    {
        var output = Run(Tools + "\n" + """
            fn parent_tools() {
              return tool_define(tool_registry(), "delegate", "Delegate", {
                parameters: {task: "string"},
                handler: { a -> sub_agent_run(a.task, {provider: "mock", tools: tools()}) },
              })
            }
            pipeline default() {
              llm_mock({tool_calls: [{name: "delegate", arguments: {task: "look"}}]})
              llm_mock({tool_calls: [{name: "search", arguments: {q: "secret-child-query"}}]})
              llm_mock({text: "child answer"})
              llm_mock({text: "parent done"})
              let result = agent_loop("go", nil, {provider: "mock", tools: parent_tools(), max_iterations: 2})
              let tool_message = transcript_messages(result.transcript).filter({ m -> m.role == "tool" })[0]
              let shown = json_parse(tool_message.content)
              println([shown.summary, shown.ok, shown.transcript])
              println(contains(json_stringify(transcript_messages(result.transcript)), "secret-child-query"))
            }
            """);
        Assert.Equal("[child answer, true, nil]\nfalse\n", output);
    }

    [Fact]
    public void Background_workers_run_as_tasks_and_carry_their_transcript_by_policy()
    {
        var output = Run("""
            fn messages(handle) {
              return json_stringify(json_parse(read_file(handle.snapshot_path)).transcript.messages)
            }
            pipeline default() {
              llm_mock({text: "alpha"})
              llm_mock({text: "beta"})
              llm_mock({text: "gamma"})
              let w = sub_agent_run("first", {provider: "mock", background: true, name: "bg"})
              println([w.status, w.mode, w.name])
              let done = wait_agent(w)
              println([done.status, done.result.summary, done.cycle])
              let second = wait_agent(send_input(done, "second"))
              println([second.task, second.request.task, contains(messages(second), "alpha"), contains(messages(second), "beta")])
              let r = sub_agent_run("solo", {provider: "mock", background: true, carry: {transcript_mode: "reset"}})
              let r1 = wait_agent(r)
              println(len(list_agents()))
              println(wait_agent([w, r]).map({ h -> h.status }))
              println(close_agent(r1).status)
              println(try { send_input(r1, "again") } catch (e) { contains(e, "was closed") })
            }
            """);
        Assert.Equal(
            "[running, sub_agent, bg]\n[completed, alpha, 1]\n[second, first, true, true]\n2\n[completed, completed]\ncancelled\ntrue\n",
            output);
    }

    [Fact]
    public void A_retriggerable_worker_awaits_triggers_until_it_is_closed()
    {
        var output = Run("""
            fn status(handle) {
              return list_agents().filter({ w -> w.id == handle.id })[0].status
            }
            pipeline default() {
              llm_mock({text: "first"})
              llm_mock({text: "second"})
              let w = sub_agent_run("go", {provider: "mock", background: true, carry: {retriggerable: true}})
              sleep(20ms)
              println(status(w))
              let waiter = channel("w")
              spawn { send(waiter, wait_agent(w).status) }
              println(worker_trigger(w, {follow_up: "more"}).status)
              sleep(20ms)
              println([status(w), try_receive(waiter)])
              close_agent(w)
              println(receive(waiter))
              let once = wait_agent(sub_agent_run("x", {provider: "mock", background: true}))
              println(try { worker_trigger(once, "again") } catch (e) { contains(e, "not retriggerable") })
            }
            """);
        Assert.Equal("awaiting\nrunning\n[awaiting, nil]\ncancelled\ntrue\n", output);
    }

    [Fact]
    public void A_worker_that_fails_reports_failed_and_close_stops_a_running_worker()
    {
        var output = Run("""
            fn slow() {
              return tool_define(tool_registry(), "wait", "Wait", {parameters: {}, handler: { a -> sleep(5s) }})
            }
            pipeline default() {
              let bad = sub_agent_run("x", {provider: "mock", background: true, profile: "nope"})
              let done = wait_agent(bad)
              println([done.status, done.result.ok, done.result.error.category])
              llm_mock({tool_calls: [{name: "wait", arguments: {}}]})
              let w = sub_agent_run("y", {provider: "mock", background: true, tools: slow()})
              sleep(50ms)
              println(close_agent(w).status)
              println(wait_agent(w).status)
            }
            """);
        Assert.Equal("[completed, false, generic]\ncancelled\ncancelled\n", output);
    }
}
