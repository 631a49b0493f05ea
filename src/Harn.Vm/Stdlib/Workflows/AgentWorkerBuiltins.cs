using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Workflows;

/// <summary>
/// <c>spawn_agent</c>, <c>wait_agent</c>, <c>send_input</c>, <c>list_agents</c>,
/// <c>resume_agent</c> and <c>close_agent</c>: delegated workers over the workflow engine
/// (see <see cref="AgentWorkers"/>). A worker runs one node (<c>node</c>: stage mode) or a
/// whole graph (<c>graph</c> with <c>options</c>: workflow mode).
/// </summary>
internal sealed class AgentWorkerBuiltins(WorkflowExecutor executor)
{
    /// <summary>
    /// Registers the builtins. <c>wait_agent</c>, <c>send_input</c>, <c>close_agent</c> and
    /// <c>list_agents</c> also serve the background workers of <c>sub_agent_run</c>, registered
    /// before: a handle that is not one of these workers goes to that builtin.
    /// </summary>
    public void Register(BuiltinRegistry registry)
    {
        registry.Register("spawn_agent", (ctx, args) => Spawn(ctx, Args.Dict(args, 0, "spawn_agent")));
        var backgroundWait = Earlier(registry, "wait_agent");
        registry.Register("wait_agent", (ctx, args) =>
        {
            var target = Args.At(args, 0);
            var workers = AgentWorkers.Of(ctx);
            if (target.Kind == ValueKind.List)
            {
                return AgentValues.List(target.AsList.AsSpan().ToArray()
                    .Select(h => workers.Owns(h) ? AgentWorkers.Wait(ctx, workers.Find(h, "wait_agent")) : backgroundWait(ctx, [h]))
                    .ToList());
            }

            return workers.Owns(target) ? AgentWorkers.Wait(ctx, workers.Find(target, "wait_agent")) : backgroundWait(ctx, args);
        });
        var backgroundInput = Earlier(registry, "send_input");
        registry.Register("send_input", (ctx, args) => AgentWorkers.Of(ctx).Owns(Args.At(args, 0))
            ? SendInput(ctx, AgentWorkers.Of(ctx).Find(Args.At(args, 0), "send_input"), Args.At(args, 1))
            : backgroundInput(ctx, args));
        var backgroundList = Earlier(registry, "list_agents");
        registry.Register("list_agents", (ctx, args) => AgentValues.List(
            AgentWorkers.Of(ctx).All.Select(w => w.Handle.ToValue()).Concat(backgroundList(ctx, args).AsList.AsSpan().ToArray()).ToList()));
        var backgroundClose = Earlier(registry, "close_agent");
        registry.Register("close_agent", (ctx, args) =>
        {
            if (!AgentWorkers.Of(ctx).Owns(Args.At(args, 0)))
            {
                return backgroundClose(ctx, args);
            }

            var worker = AgentWorkers.Of(ctx).Find(Args.At(args, 0), "close_agent");
            worker.Pending = null;
            worker.Handle["status"] = Rec.S("cancelled");
            worker.Handle["updated_at"] = Rec.S(Rec.Now());
            return worker.Handle.ToValue();
        });
        registry.Register("resume_agent", (ctx, args) => Resume(ctx, Args.At(args, 0)));
    }

    private static BuiltinFunction Earlier(BuiltinRegistry registry, string name) =>
        registry.TryGet(name, out var builtin) ? builtin.Function : throw new InvalidOperationException($"{name} must be registered before the workflow workers.");

    private Value Spawn(BuiltinContext context, HarnDict input)
    {
        var config = Value.FromDict(input);
        var graph = AgentValues.Field(config, "graph");
        var node = AgentValues.Field(config, "node");
        if (graph.Kind != ValueKind.Dict && node.Kind != ValueKind.Dict)
        {
            throw RuntimeErrors.Thrown("spawn_agent: the config needs a `node` (one workflow node) or a `graph` (a workflow)");
        }

        var worker = new AgentWorkers.Worker(Rec.NewId("worker"));
        var handle = worker.Handle;
        handle["_type"] = Rec.S("agent_worker");
        handle["id"] = Rec.S(worker.Id);
        handle["name"] = Rec.S(AgentValues.StringField(config, "name") ?? worker.Id);
        handle["task"] = AgentValues.Field(config, "task");
        handle["mode"] = Rec.S(graph.Kind == ValueKind.Dict ? "workflow" : "stage");
        handle["status"] = Rec.S("running");
        handle["created_at"] = Rec.S(Rec.Now());
        handle["parent_stage_id"] = AgentValues.Field(config, "parent_stage_id");
        handle["parent_run_id"] = AgentValues.Field(config, "parent_run_id");
        handle["artifact_count"] = Rec.I(0);
        handle["has_transcript"] = Rec.B(false);
        handle["turn"] = Rec.I(0);
        handle["carry_policy"] = AgentValues.Field(config, "carry") is { Kind: ValueKind.Dict } carry ? carry : AgentValues.Dict(("transcript_mode", Rec.S("continue")));
        handle["request"] = AgentValues.Dict(
            ("task", AgentValues.Field(config, "task")),
            ("payload", AgentValues.Field(config, "request")),
            ("research_questions", ListOr(config, "research_questions")),
            ("action_items", ListOr(config, "action_items")),
            ("workflow_stages", ListOr(config, "workflow_stages")),
            ("verification_steps", ListOr(config, "verification_steps")));
        handle["provenance"] = AgentValues.Dict(
            ("worker_id", Rec.S(worker.Id)),
            ("worker_name", handle["name"]),
            ("parent_run_id", AgentValues.Field(config, "parent_run_id")),
            ("parent_stage_id", AgentValues.Field(config, "parent_stage_id")),
            ("created_at", handle["created_at"]));
        handle["config"] = config;
        AgentWorkers.Of(context).Add(worker);
        worker.Pending = Turn(AgentValues.Field(config, "task"));
        return Rec.Truthy(config, "wait") ? AgentWorkers.Wait(context, worker) : handle.ToValue();
    }

    private static Value ListOr(Value config, string key) => AgentValues.Field(config, key) is { Kind: ValueKind.List } list ? list : Rec.L([]);

    private Value SendInput(BuiltinContext context, AgentWorkers.Worker worker, Value input)
    {
        if (worker.Status == "cancelled")
        {
            throw RuntimeErrors.Thrown($"send_input: agent {worker.Id} is closed");
        }

        if (worker.Pending is not null)
        {
            AgentWorkers.Wait(context, worker);
        }

        worker.Handle["task"] = input;
        worker.Handle["status"] = Rec.S("running");
        worker.Pending = Turn(input);
        return worker.Handle.ToValue();
    }

    /// <summary>One turn of the worker on <paramref name="input"/>: its node or graph run, continuing the conversation unless the carry policy resets it.</summary>
    private Func<BuiltinContext, Rec, Value> Turn(Value input)
    {
        return (context, handle) =>
        {
            var config = handle["config"];
            var task = input.Kind == ValueKind.String ? input.AsString : AgentValues.Text(input);
            var turn = AgentValues.IntField(handle.ToValue(), "turn", 0) + 1;
            var reset = AgentValues.StringField(handle["carry_policy"], "transcript_mode") == "reset";
            var prior = !reset && handle["transcript"].Kind == ValueKind.Dict ? handle["transcript"] : Value.Nil;
            var fields = new Rec { ["turn"] = Rec.I(turn) };
            if (handle.Str("mode") == "workflow")
            {
                var options = new Rec(AgentValues.Field(config, "options"));
                options.Default("persist_path", Rec.S(Path.Combine(".harn", "workers", handle.Str("id") + $"-run-{turn}.json")));
                if (!prior.IsNil)
                {
                    options["transcript"] = prior;
                }

                var graph = WorkflowGraph.Normalize(AgentValues.Field(config, "graph").AsDict);
                var result = executor.Execute(context, task, graph, AgentValues.Field(config, "artifacts"), options.ToValue(), out _);
                var run = AgentValues.Field(result, "run");
                var transcript = AgentValues.Field(result, "transcript");
                fields["status"] = Rec.S(AgentValues.StringField(result, "status") ?? "failed");
                fields["result"] = result;
                fields["child_run_id"] = AgentValues.Field(run, "id");
                fields["child_run_path"] = AgentValues.Field(result, "path");
                fields["transcript"] = transcript;
                fields["has_transcript"] = Rec.B(transcript.Kind == ValueKind.Dict);
                fields["artifact_count"] = Rec.I(AgentValues.ListField(result, "artifacts").Count);
                return fields.ToValue();
            }

            var node = new Rec(AgentValues.Field(config, "node"));
            if (AgentValues.Field(config, "permissions") is { Kind: ValueKind.Dict } permissions)
            {
                node.Default("permissions", permissions);
            }

            var single = WorkflowGraph.Normalize(AgentValues.Dict(
                ("name", handle["name"]),
                ("entry", Rec.S("stage")),
                ("nodes", AgentValues.Dict(("stage", node.ToValue()))),
                ("edges", Rec.L([]))).AsDict);
            var stageOptions = prior.IsNil ? AgentValues.Dict(("max_steps", Rec.I(1))) : AgentValues.Dict(("max_steps", Rec.I(1)), ("transcript", prior));
            var outcome = executor.Execute(context, task, single, AgentValues.Field(config, "artifacts"), stageOptions, out var state);
            var stage = AgentValues.ListField(AgentValues.Field(outcome, "run"), "stages") is { Count: > 0 } stages ? stages[0] : Value.Nil;
            var stageTranscript = AgentValues.Field(stage, "transcript");
            fields["status"] = Rec.S(AgentValues.StringField(stage, "status") == "failed" ? "failed" : "completed");
            fields["result"] = AgentValues.Dict(
                ("status", AgentValues.Field(stage, "status")),
                ("visible_text", AgentValues.Field(stage, "visible_text")),
                ("artifacts", AgentValues.Field(stage, "artifacts")),
                ("transcript", stageTranscript),
                ("result", state.LastResponse),
                ("stage", stage),
                ("error", AgentValues.Field(stage, "error")));
            fields["transcript"] = stageTranscript;
            fields["has_transcript"] = Rec.B(stageTranscript.Kind == ValueKind.Dict);
            fields["artifact_count"] = Rec.I(AgentValues.ListField(stage, "artifacts").Count);
            return fields.ToValue();
        };
    }

    /// <summary>A worker back from its handle or snapshot file: the live worker when the run still has it, else rebuilt from the snapshot.</summary>
    private static Value Resume(BuiltinContext context, Value target)
    {
        var workers = AgentWorkers.Of(context);
        Value snapshot;
        if (target.Kind == ValueKind.String)
        {
            snapshot = RunEvaluation.LoadJson(target.AsString, "resume_agent");
            if (snapshot.Kind != ValueKind.Dict || AgentValues.StringField(snapshot, "id") is null)
            {
                throw RuntimeErrors.Thrown($"resume_agent: {target.AsString} is not an agent snapshot");
            }
        }
        else if (target.Kind == ValueKind.Dict)
        {
            snapshot = target;
        }
        else
        {
            throw Args.Expected("resume_agent", "a snapshot path or an agent handle", target);
        }

        var id = AgentValues.StringField(snapshot, "id")!;
        if (workers.All.FirstOrDefault(w => w.Id == id) is { } live)
        {
            return AgentWorkers.Wait(context, live);
        }

        var worker = new AgentWorkers.Worker(id);
        foreach (var (key, value) in snapshot.AsDict)
        {
            worker.Handle[key] = value;
        }

        workers.Add(worker);
        return worker.Handle.ToValue();
    }
}
