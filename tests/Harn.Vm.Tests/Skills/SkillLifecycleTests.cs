using Xunit;
using static Harn.Vm.Tests.Agents.AgentTestRunner;

namespace Harn.Vm.Tests.Skills;

public class SkillLifecycleTests
{
    private const string Tools = """
        fn tools() {
          var t = tool_registry()
          t = tool_define(t, "read_file", "Read", {parameters: {path: "string"}, namespace: "read", handler: { a -> "read " + a.path }})
          t = tool_define(t, "write_file", "Write", {parameters: {path: "string"}, namespace: "write", handler: { a -> "wrote " + a.path }})
          return t
        }
        fn events(result, kind) {
          return transcript_events(result.transcript).filter({ e -> e.kind == kind })
        }
        """;

    [Fact]
    public void A_matched_skill_activates_shapes_the_system_prompt_and_narrows_the_tools()
    {
        var output = Run(Tools + "\n" + """
            skill explore {
              description "Investigate a codebase"
              prompt "Only read."
              allowed_tools ["namespace:read"]
              on_activate fn() { println("activated") }
            }
            pipeline default() {
              llm_mock({text: "ok"})
              let result = agent_loop("investigate the parser", "base", {provider: "mock", tools: tools(), skills: explore})
              let call = llm_mock_calls()[0]
              println(call.system)
              println(call.tools.map({ t -> t.function.name }))
              println(events(result, "skill_activated")[0].metadata.name)
              println(events(result, "skill_scope_tools")[0].metadata.allowed_tools)
            }
            """);
        Assert.Equal(
            "activated\nbase\n\n## Active skills\n\n### explore\nInvestigate a codebase\nOnly read.\nScoped tools: namespace:read\n[read_file, load_skill]\nexplore\n[namespace:read]\n",
            output);
    }

    [Fact]
    public void A_call_to_a_tool_outside_the_active_scope_is_refused()
    {
        var output = Run(Tools + "\n" + """
            skill explore {
              description "Investigate a codebase"
              allowed_tools ["read_file"]
            }
            pipeline default() {
              llm_mock({tool_calls: [{name: "write_file", arguments: {path: "x"}}]})
              llm_mock({text: "done"})
              let result = agent_loop("investigate", nil, {provider: "mock", tools: tools(), skills: explore, max_iterations: 2})
              println(result.tools.rejected)
              println(contains(json_stringify(llm_mock_calls()[1].messages), "outside the active skills scope"))
            }
            """);
        Assert.Equal("[write_file]\ntrue\n", output);
    }

    [Fact]
    public void Without_a_match_nothing_activates_but_the_match_is_recorded()
    {
        var output = Run(Tools + "\n" + """
            skill explore { description "Investigate a codebase" }
            pipeline default() {
              llm_mock({text: "ok"})
              let result = agent_loop("bake a cake", nil, {provider: "mock", skills: explore})
              println(len(events(result, "skill_matched")))
              println(len(events(result, "skill_activated")))
              println(llm_mock_calls()[0].system == nil)
            }
            """);
        Assert.Equal("1\n0\ntrue\n", output);
    }

    [Fact]
    public void Reassess_swaps_skills_and_runs_their_hooks()
    {
        var output = Run(Tools + "\n" + """
            skill drafting {
              description "Draft documents"
              on_deactivate fn() { println("draft off") }
            }
            skill reviewing {
              description "Review documents"
              on_activate fn() { println("review on") }
            }
            pipeline default() {
              let reg = skill_define(drafting, "reviewing", skill_find(reviewing, "reviewing"))
              llm_mock({text: "", tool_calls: [{name: "read_file", arguments: {path: "a"}}]})
              llm_mock({text: "done"})
              let result = agent_loop("draft the memo", nil, {
                provider: "mock", tools: tools(), max_iterations: 2, skills: reg,
                skill_match: {sticky: false},
                post_turn_callback: { info -> info.iteration == 0 ? "now review the memo" : "" },
              })
              println(events(result, "skill_deactivated").map({ e -> e.metadata.name }))
              println(events(result, "skill_activated").map({ e -> e.metadata.name }))
            }
            """);
        Assert.Equal("draft off\nreview on\n[drafting]\n[drafting, reviewing]\n", output);
    }

    [Fact]
    public void The_load_skill_tool_returns_the_body_and_activates_the_skill()
    {
        var output = Run(Tools + "\n" + """
            pipeline default() {
              let reg = skill_define(skill_registry(), "guide", {description: "Guide", body: "Step $1 for \${HARN_SESSION_ID}", allowed_tools: ["read_file"]})
              llm_mock({tool_calls: [{name: "load_skill", arguments: {name: "guide", arguments: ["one"]}}]})
              llm_mock({tool_calls: [{name: "load_skill", arguments: {name: "nope"}}]})
              llm_mock({text: "done"})
              let result = agent_loop("hello", nil, {provider: "mock", tools: tools(), skills: reg, session_id: "s1", max_iterations: 3})
              let calls = llm_mock_calls()
              println(contains(json_stringify(calls[1].messages), "Step one for s1"))
              println(calls[1].tools.map({ t -> t.function.name }))
              println(contains(json_stringify(calls[2].messages), "skill_not_found"))
              let loaded = events(result, "skill.loaded")[0].metadata
              println([loaded.skill_id, loaded.loaded, loaded.signed])
            }
            """);
        Assert.Equal("true\n[read_file, load_skill]\ntrue\n[guide, true, false]\n", output);
    }

    [Fact]
    public void A_session_keeps_its_active_skills_for_the_next_loop()
    {
        var output = Run("""
            skill careful { description "Handle tasks carefully"; prompt "Be careful." }
            pipeline default() {
              llm_mock({text: "one"})
              llm_mock({text: "two"})
              agent_loop("handle the task", nil, {provider: "mock", skills: careful, session_id: "s"})
              agent_loop("continue", nil, {provider: "mock", skills: careful, session_id: "s"})
              let calls = llm_mock_calls()
              println(contains(calls[1].system, "Be careful."))
            }
            """);
        Assert.Equal("true\n", output);
    }
}
