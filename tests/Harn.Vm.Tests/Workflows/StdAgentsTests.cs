using Xunit;
using static Harn.Vm.Tests.Workflows.WorkflowTestRunner;

namespace Harn.Vm.Tests.Workflows;

public class StdAgentsTests
{
    [Fact]
    public void Action_graphs_depend_on_the_phase_before_and_batch_by_tool_class()
    {
        var output = Run("""
            import "std/agents"
            pipeline default() {
              let g = action_graph({task: "t", steps: [
                {id: "look", kind: "research", title: "Look", tools: ["read"]},
                {id: "fix", title: "Fix", tools: ["edit"]},
                {id: "test", kind: "verify", title: "Test", tools: ["run"]},
              ]})
              println(g.actions.map({ a -> [a.id, a.phase, a.tool_class, a.depends_on] }))
              println(action_graph_batches(g).map({ b -> b.phase + ":" + b.tool_class }))
              println(action_graph_render(g))
            }
            """);
        Assert.Equal(
            "[[action-1, research, read, []], [action-2, execute, write, [action-1]], [action-3, verify, run, [action-2]]]\n"
            + "[research:read, execute:write, verify:run]\n"
            + "# t\n\n## RESEARCH\n- [action-1] Look (tools: read)\n\n## EXECUTE\n- [action-2] Fix (tools: edit)\n  depends on: action-1\n\n## VERIFY\n- [action-3] Test (tools: run)\n  depends on: action-2\n",
            output);
    }

    [Fact]
    public void Task_runs_need_attention_when_verification_fails()
    {
        var output = Run("""
            import "std/agents"
            pipeline default() {
              let flow = workflow({name: "demo", act: {mode: "llm"}, verify: {assert_text: "Mock"}})
              let ok = task_run("Write", flow, {provider: "mock"})
              println([ok.status, ok.transcript._type])
              let strict = workflow({name: "demo", act: {mode: "llm"}, verify: {assert_text: "absent"}, repair: {mode: "llm"}})
              let bad = task_run("Write", strict, {provider: "mock"})
              println([bad.status, bad.repair.node_id])
              let session = workflow_session(ok)
              println([session._type, session.message_count, workflow_session_fork(session).transcript_state])
            }
            """);
        Assert.Equal("[completed, transcript]\n[needs_attention, repair]\n[workflow_session, 2, forked]\n", output);
    }

    [Fact]
    public void Plans_normalize_steps_and_handoffs_render_their_context()
    {
        var output = Run("""
            import "std/plan"
            pipeline default() {
              let plan = plan_from({summary: "s", steps: ["a", {content: "b", status: "done"}]})
              println([plan.schema_version, plan.steps.map({ s -> s.status }), plan_acp_entries(plan)[1]])
              let h = handoff({source_persona: "a", target_persona_or_human: "b", task: "t", requested_capabilities: ["review"]})
              println(h.target_persona_or_human)
              println(handoff_context(h))
              println(try { handoff(1) })
            }
            """);
        Assert.Equal(
            "[harn.plan.v1, [pending, completed], {content: b, priority: medium, status: completed}]\n"
            + "{id: b, kind: persona, label: b}\n"
            + "Handoff from a to b\nTask: t\nRequested capabilities:\n- review\n"
            + "Result.Err(Type error: handoff: expected a handoff dict or handoff artifact, got int)\n",
            output);
    }

    [Fact]
    public void Friction_events_are_redacted_and_suggest_context_packs()
    {
        var output = Run("""
            pipeline default() {
              friction_clear()
              let e = friction_record({kind: "repeated_query", source: "s", redacted_summary: "used token=abc", estimated_time_ms: 5, metadata: {password: "p", query: "q", capability: "c.search"}})
              println([e.recorded, e.sink, e.event.redacted_summary, e.event.metadata.password])
              friction_record({kind: "repeated_query", source: "s", estimated_time_ms: 7, metadata: {query: "q", capability: "c.search"}})
              let s = context_pack_suggestions(friction_events(), {min_occurrences: 2})
              println([len(s), s[0].occurrences, s[0].estimated_savings.estimated_time_saved_ms, s[0].candidate_manifest.capabilities])
              println(context_pack_manifest({name: "My Pack!"}).id)
            }
            """);
        Assert.Equal("[true, memory, used token=[redacted], [redacted]]\n[1, 2, 7, [c.search]]\nmy_pack\n", output);
    }
}
