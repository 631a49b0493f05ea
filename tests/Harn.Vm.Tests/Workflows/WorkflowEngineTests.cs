using Xunit;
using static Harn.Vm.Tests.Workflows.WorkflowTestRunner;

namespace Harn.Vm.Tests.Workflows;

public class WorkflowEngineTests
{
    [Fact]
    public void Validation_reports_missing_nodes_and_ceiling_breaches()
    {
        var output = Run("""
            pipeline default() {
              let broken = workflow_validate(workflow_graph({entry: "nope", nodes: {a: {kind: "stage"}}, edges: [{from: "a", to: "b"}]}))
              println(broken.errors)
              let flow = workflow_graph({entry: "a", nodes: {a: {kind: "stage", tools: ["edit"], capability_policy: {side_effect_level: "process_exec"}}}})
              println(workflow_validate(flow, {tools: ["read"], side_effect_level: "read_only"}).errors)
              println(workflow_commit(flow, "first").version)
              println(try { workflow_graph({nodes: {a: 1}}) })
            }
            """);
        Assert.Equal(
            "[entry node nope does not exist, edge a -> b references unknown node b]\n"
            + "[node a: tool 'edit' exceeds the host ceiling, node a: side_effect_level process_exec (max read_only) exceeds the host ceiling]\n"
            + "2\nResult.Err(Type error: workflow_graph: node a must be a dict, got int)\n",
            output);
    }

    [Fact]
    public void Conditions_branch_and_maps_honour_their_join_policy()
    {
        var output = Run("""
            pipeline default() {
              let flow = workflow_graph({
                entry: "gate",
                nodes: {
                  gate: {kind: "condition", metadata: {contains_text: "urgent"}},
                  fan: {kind: "map", map_policy: {items: ["x", "y", "z"]}, join_policy: {strategy: "quorum", min_completed: 2}},
                  done: {kind: "reduce", context_policy: {include_kinds: ["summary"]}},
                },
                edges: [{from: "gate", to: "fan", branch: "true"}, {from: "gate", to: "done", branch: "false"}, {from: "fan", to: "done"}],
              })
              let yes = workflow_execute("t", flow, [artifact({kind: "plan", text: "urgent fix"})])
              println([yes.status, yes.run.stages.map({ s -> s.node_id }), yes.run.stages[0].branch])
              println(yes.artifacts[len(yes.artifacts) - 1].text)
              let no = workflow_execute("t", flow, [])
              println([no.run.stages.map({ s -> s.node_id }), no.run.stages[0].branch])
              let paused = workflow_execute("t", flow, [artifact({kind: "plan", text: "urgent"})], {max_steps: 1})
              println([paused.status, paused.run.pending_nodes])
            }
            """);
        Assert.Equal("[completed, [gate, fan, done], true]\nx\n\ny\n[[gate, done], false]\n[paused, [fan]]\n", output);
    }

    [Fact]
    public void Failed_verification_routes_to_repair_and_replays_reuse_answers()
    {
        var output = Run("""
            pipeline default() {
              let flow = workflow_graph({
                entry: "act",
                nodes: {
                  act: {kind: "stage", mode: "llm", model_policy: {provider: "mock"}},
                  check: {kind: "verify", verify: {assert_text: "absent"}},
                  repair: {kind: "stage", mode: "llm", model_policy: {provider: "mock"}},
                },
                edges: [{from: "act", to: "check"}, {from: "check", to: "repair", branch: "failed"}],
              })
              let first = workflow_execute("Fix it", flow)
              println([first.status, first.run.stages.map({ s -> s.node_id }), first.run.stages[1].outcome, first.run.stages[1].verification.ok])
              let again = workflow_execute("Fix it", flow, [], {replay_run: first.run})
              println([again.run.metadata.replay_mode, again.run.metadata.replayed_from == first.run.id, again.run.stages[0].visible_text == first.run.stages[0].visible_text])
            }
            """);
        Assert.Equal("[completed, [act, check, repair], verification_failed, false]\n[deterministic, true, true]\n", output);
    }

    [Fact]
    public void Workflow_messages_queue_signals_queries_and_control_events()
    {
        var output = Run("""
            pipeline default() {
              let wf = "wf-test"
              workflow.signal(wf, "ping", 1)
              workflow.publish_query({workflow_id: wf}, "progress", 0.5)
              println([workflow.receive(wf).name, workflow.receive(wf), workflow.query(wf, "progress")])
              workflow.pause(wf)
              println([workflow.status(wf).paused, workflow.receive(wf).kind])
              println(continue_as_new(wf).generation)
              println(try { workflow.respond_update(wf, "missing", 1) })
              println(try { workflow.update(wf, "slow", nil, {timeout_ms: 10}) })
            }
            """);
        Assert.Equal(
            "[ping, nil, 0.5]\n[true, control]\n2\n"
            + "Result.Err(workflow.respond_update: no pending update missing for workflow wf-test)\n"
            + "Result.Err(workflow.update: slow on workflow wf-test timed out after 10ms)\n",
            output);
    }
}
