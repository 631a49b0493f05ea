using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Workflows;

/// <summary>
/// <c>workflow_execute(task, graph, artifacts?, options?)</c>: runs a workflow graph from its
/// entry node. Each step runs one ready node (see <see cref="WorkflowStages"/>), records its
/// stage, follows the outgoing edges its branch selects, and checkpoints. A join waits for its
/// live predecessors. The run record is returned (and persisted when asked), with a replay
/// fixture and the action graph of the run.
/// </summary>
internal sealed class WorkflowExecutor(BuiltinLookup builtins)
{
    private const long DefaultMaxSteps = 64;

    public void Register(BuiltinRegistry registry)
    {
        registry.Register("workflow_execute", (ctx, args) =>
        {
            var task = Args.At(args, 0);
            var graph = WorkflowGraph.Graph(args, 1, "workflow_execute");
            var initial = Args.At(args, 2);
            var options = Args.At(args, 3);
            if (!initial.IsNil && initial.Kind != ValueKind.List)
            {
                throw Args.Expected("workflow_execute", "a list of artifacts", initial);
            }

            if (!options.IsNil && options.Kind != ValueKind.Dict)
            {
                throw Args.Expected("workflow_execute", "an options dict", options);
            }

            return Execute(ctx, task.Kind == ValueKind.String ? task.AsString : AgentValues.Text(task), graph, initial, options);
        });
    }

    public Value Execute(BuiltinContext context, string task, Value graph, Value initial, Value options) =>
        Execute(context, task, graph, initial, options, out _);

    public Value Execute(BuiltinContext context, string task, Value graph, Value initial, Value options, out WorkflowRunState state)
    {
        var validation = WorkflowGraph.Validate(graph, Value.Nil);
        if (!Rec.Truthy(validation, "valid"))
        {
            throw RuntimeErrors.Thrown("workflow_execute: invalid workflow: " + string.Join("; ", AgentValues.Strings(AgentValues.Field(validation, "errors"))));
        }

        var run = new WorkflowRunState(context, builtins, task, graph, options);
        state = run;
        foreach (var artifact in initial.Kind == ValueKind.List ? initial.AsList.AsSpan().ToArray() : [])
        {
            run.Artifacts.Add(Artifacts.Normalize(artifact));
        }

        var maxSteps = AgentValues.IntField(options, "max_steps", DefaultMaxSteps);
        var ready = new List<string> { AgentValues.StringField(graph, "entry")! };
        var status = "completed";
        var steps = 0L;
        while (ready.Count > 0)
        {
            if (steps >= maxSteps)
            {
                status = "paused";
                break;
            }

            var nodeId = NextRunnable(graph, ready, run);
            ready.Remove(nodeId);
            steps++;
            var stage = WorkflowStages.Run(run, nodeId, WorkflowGraph.Node(graph, nodeId));
            run.Stages.Add(stage);
            run.Completed.Add(nodeId);
            var branch = AgentValues.StringField(stage, "branch");
            var outcome = AgentValues.StringField(stage, "outcome");
            var failed = AgentValues.StringField(stage, "status") == "failed";
            var next = Successors(graph, nodeId, branch, outcome, failed).ToList();
            if (failed && next.Count == 0)
            {
                status = "failed";
            }

            foreach (var to in next)
            {
                run.Transitions.Add(AgentValues.Dict(
                    ("id", Rec.S(Rec.NewId("transition"))),
                    ("from_node_id", Rec.S(nodeId)),
                    ("from_stage_id", AgentValues.Field(stage, "id")),
                    ("to_node_id", Rec.S(to)),
                    ("branch", Rec.S(branch)),
                    ("consumed_artifact_ids", AgentValues.Field(stage, "consumed_artifact_ids")),
                    ("produced_artifact_ids", AgentValues.Field(stage, "produced_artifact_ids")),
                    ("created_at", Rec.S(Rec.Now()))));
                if (!ready.Contains(to))
                {
                    ready.Add(to);
                }
            }

            run.Checkpoints.Add(AgentValues.Dict(
                ("id", Rec.S(Rec.NewId("checkpoint"))),
                ("reason", Rec.S("stage_completed")),
                ("stage_id", AgentValues.Field(stage, "id")),
                ("node_id", Rec.S(nodeId)),
                ("ready_nodes", Rec.Strings(ready)),
                ("completed_nodes", Rec.Strings(run.Completed)),
                ("created_at", Rec.S(Rec.Now()))));
            if (status == "failed")
            {
                break;
            }
        }

        var record = run.ToRunRecord(status, ready, maxSteps);
        var result = new Rec();
        result["_type"] = Rec.S("workflow_result");
        result["status"] = Rec.S(status);
        if (AgentValues.StringField(options, "persist_path") is { } persistPath)
        {
            record = RunRecords.Save(context, record, Rec.S(persistPath));
            result["path"] = AgentValues.Field(record, "path");
        }

        result["run"] = record;
        result["artifacts"] = Rec.L(run.Artifacts);
        var last = run.Stages.Count > 0 ? run.Stages[^1] : Value.Nil;
        result["transcript"] = AgentValues.Field(last, "transcript");
        result["visible_text"] = AgentValues.Field(last, "visible_text");
        return result.ToValue();
    }

    /// <summary>The first ready node that may run now: a join waits while a predecessor is still ready to run.</summary>
    private static string NextRunnable(Value graph, List<string> ready, WorkflowRunState run)
    {
        foreach (var id in ready)
        {
            if (AgentValues.StringField(WorkflowGraph.Node(graph, id), "kind") != "join")
            {
                return id;
            }

            var waiting = WorkflowGraph.Edges(graph)
                .Where(e => AgentValues.StringField(e, "to") == id)
                .Select(e => AgentValues.StringField(e, "from")!)
                .Any(from => !run.Completed.Contains(from) && ready.Contains(from));
            if (!waiting)
            {
                return id;
            }
        }

        return ready[0];
    }

    /// <summary>
    /// Edges the stage follows: unlabelled edges, and edges whose branch names the stage's branch
    /// (or outcome); a failed stage follows only edges labelled for failure.
    /// </summary>
    private static IEnumerable<string> Successors(Value graph, string nodeId, string? branch, string? outcome, bool failed)
    {
        foreach (var edge in WorkflowGraph.Edges(graph).Where(e => AgentValues.StringField(e, "from") == nodeId))
        {
            var label = AgentValues.StringField(edge, "branch");
            var follow = failed
                ? label is "failed" or "failure" or "error" || (label is not null && label == outcome)
                : label is null || label == branch || label == outcome;
            if (follow)
            {
                yield return AgentValues.StringField(edge, "to")!;
            }
        }
    }
}
