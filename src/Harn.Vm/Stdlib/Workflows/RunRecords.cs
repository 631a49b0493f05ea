using Harn.Runtime;
using Harn.Stdlib.Agents;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Workflows;

/// <summary>
/// Run records: the durable account of one workflow run (stages, transitions, checkpoints,
/// artifacts, replay fixture, observability), with persistence and normalization.
/// </summary>
internal static class RunRecords
{
    public const int ObservabilitySchemaVersion = 4;

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("run_record", (_, args) => Normalize(Args.Dict(args, 0, "run_record")));
        registry.Register("run_record_save", (ctx, args) => Save(ctx, Run(args, 0, "run_record_save"), Args.At(args, 1)));
        registry.Register("run_record_load", (_, args) => Load(Args.String(args, 0, "run_record_load")));
    }

    private static Value Run(ReadOnlySpan<Value> args, int index, string function)
    {
        var value = Args.At(args, index);
        return value.Kind == ValueKind.Dict ? Normalize(value.AsDict) : throw Args.Expected(function, "a run record dict", value);
    }

    /// <summary>The run record shape with every field present and observability derived from the stages.</summary>
    public static Value Normalize(HarnDict input)
    {
        var rec = new Rec(Value.FromDict(input));
        rec["_type"] = Rec.S("run_record");
        rec.Default("id", Rec.S(Rec.NewId("run")));
        rec.Default("workflow_id", Rec.S("workflow"));
        rec.Default("status", Rec.S("completed"));
        rec.Default("started_at", Rec.S(Rec.Now()));
        foreach (var key in new[] { "workflow_name", "task", "finished_at", "parent_run_id", "root_run_id", "transcript", "usage", "replay_fixture", "execution" })
        {
            rec.Default(key, Value.Nil);
        }

        foreach (var key in new[] { "transitions", "checkpoints", "pending_nodes", "completed_nodes", "child_runs", "artifacts", "handoffs", "tool_recordings", "hitl_questions", "trace_spans" })
        {
            rec.Default(key, Rec.L([]));
        }

        rec.Default("policy", Value.FromDict(HarnDict.Empty));
        rec.Default("metadata", Value.FromDict(HarnDict.Empty));
        List<Value> stages = rec["stages"].Kind == ValueKind.List
            ? rec["stages"].AsList.AsSpan().ToArray().Select(NormalizeStage).ToList()
            : [];
        rec["stages"] = Rec.L(stages);
        rec["observability"] = Observability(rec, stages);
        return rec.ToValue();
    }

    public static Value NormalizeStage(Value stage)
    {
        var rec = new Rec(stage);
        rec.Default("id", Rec.S(Rec.NewId("stage")));
        rec.Default("node_id", Rec.S(rec.Str("id") ?? "stage"));
        rec.Default("kind", Rec.S("stage"));
        rec.Default("status", Rec.S("completed"));
        rec.Default("outcome", Rec.S(rec.Str("status") == "completed" ? "success" : rec.Str("status")));
        foreach (var key in new[] { "branch", "started_at", "finished_at", "visible_text", "private_reasoning", "transcript", "verification", "usage" })
        {
            rec.Default(key, Value.Nil);
        }

        foreach (var key in new[] { "artifacts", "consumed_artifact_ids", "produced_artifact_ids", "attempts" })
        {
            rec.Default(key, Rec.L([]));
        }

        rec.Default("metadata", Value.FromDict(HarnDict.Empty));
        return rec.ToValue();
    }

    /// <summary>
    /// The action graph (trigger, predicate and stage nodes; dispatch, gate and transition
    /// edges) and the compaction events of the stage transcripts.
    /// </summary>
    private static Value Observability(Rec run, List<Value> stages)
    {
        var metadata = run["metadata"];
        var trigger = AgentValues.Field(metadata, "trigger_event");
        var traceId = AgentValues.StringField(trigger, "trace_id") ?? AgentValues.StringField(metadata, "trace_id") ?? run.Str("id");
        var nodes = new List<Value>();
        var edges = new List<Value>();
        string? previous = null;
        if (trigger.Kind == ValueKind.Dict)
        {
            previous = "trigger:" + (AgentValues.StringField(trigger, "id") ?? "event");
            nodes.Add(AgentValues.Dict(
                ("id", Rec.S(previous)),
                ("kind", Rec.S("trigger")),
                ("label", Rec.S($"{AgentValues.StringField(trigger, "provider") ?? "trigger"}:{AgentValues.StringField(trigger, "kind") ?? "event"}")),
                ("status", Rec.S("dispatched")),
                ("trace_id", Rec.S(traceId))));
        }

        var stageKinds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            var id = "stage:" + AgentValues.StringField(stage, "id");
            var kind = AgentValues.StringField(stage, "kind") == "condition" ? "predicate" : "stage";
            stageKinds[AgentValues.StringField(stage, "node_id") ?? ""] = id;
            nodes.Add(AgentValues.Dict(
                ("id", Rec.S(id)),
                ("kind", Rec.S(kind)),
                ("label", AgentValues.Field(stage, "node_id")),
                ("node_id", AgentValues.Field(stage, "node_id")),
                ("status", AgentValues.Field(stage, "status")),
                ("outcome", AgentValues.Field(stage, "outcome")),
                ("trace_id", Rec.S(traceId))));
            if (previous is not null && previous.StartsWith("trigger:", StringComparison.Ordinal))
            {
                edges.Add(Edge(previous, id, "trigger_dispatch", Value.Nil));
            }

            previous = id;
        }

        for (var i = 0; i + 1 < stages.Count; i++)
        {
            var from = stages[i];
            var kind = AgentValues.StringField(from, "kind") == "condition" ? "predicate_gate" : "transition";
            edges.Add(Edge("stage:" + AgentValues.StringField(from, "id"), "stage:" + AgentValues.StringField(stages[i + 1], "id"), kind, AgentValues.Field(from, "branch")));
        }

        var compactions = new List<Value>();
        foreach (var stage in stages)
        {
            var transcript = AgentValues.Field(stage, "transcript");
            var assets = Transcript.Assets(transcript);
            foreach (var ev in Transcript.Events(transcript))
            {
                if (AgentValues.StringField(ev, "kind") != "compaction")
                {
                    continue;
                }

                var meta = AgentValues.Field(ev, "metadata");
                var assetId = AgentValues.StringField(meta, "asset_id");
                compactions.Add(AgentValues.Dict(
                    ("stage_id", AgentValues.Field(stage, "id")),
                    ("node_id", AgentValues.Field(stage, "node_id")),
                    ("strategy", AgentValues.Field(meta, "strategy")),
                    ("archived_count", AgentValues.Field(meta, "archived_count")),
                    ("kept_count", AgentValues.Field(meta, "kept_count")),
                    ("estimated_tokens_before", AgentValues.Field(meta, "estimated_tokens_before")),
                    ("estimated_tokens_after", AgentValues.Field(meta, "estimated_tokens_after")),
                    ("asset_id", Rec.S(assetId)),
                    ("available", Rec.B(assetId is not null && assets.AsSpan().ToArray().Any(a => AgentValues.StringField(a, "id") == assetId))),
                    ("summary", AgentValues.Field(ev, "text"))));
            }
        }

        return AgentValues.Dict(
            ("schema_version", Rec.I(ObservabilitySchemaVersion)),
            ("trace_id", Rec.S(traceId)),
            ("stage_count", Rec.I(stages.Count)),
            ("action_graph_nodes", Rec.L(nodes)),
            ("action_graph_edges", Rec.L(edges)),
            ("compaction_events", Rec.L(compactions)));
    }

    private static Value Edge(string from, string to, string kind, Value branch) =>
        AgentValues.Dict(("from", Rec.S(from)), ("to", Rec.S(to)), ("kind", Rec.S(kind)), ("branch", branch));

    /// <summary>Writes the run as pretty JSON (default <c>.harn-runs/ID.json</c>); returns the run with its path.</summary>
    public static Value Save(BuiltinContext context, Value run, Value path)
    {
        var target = path.Kind == ValueKind.String
            ? path.AsString
            : Path.Combine(".harn-runs", (AgentValues.StringField(run, "id") ?? "run") + ".json");
        var full = HostPaths.Full(target);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full) ?? ".");
            Files.WriteAtomically(full, System.Text.Encoding.UTF8.GetBytes(JsonConversion.Stringify(run, pretty: true)), context.CancellationToken);
        }
        catch (Exception error) when (HostErrors.IsHostFailure(error))
        {
            throw HostErrors.Io($"run_record_save: failed to write {target}", error);
        }

        return Value.FromDict(run.AsDict.With("path", Rec.S(target)).With("persisted_path", Rec.S(full)));
    }

    public static Value Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(HostPaths.Full(path));
        }
        catch (Exception error) when (HostErrors.IsHostFailure(error))
        {
            throw HostErrors.Io($"run_record_load: failed to read {path}", error);
        }

        if (!JsonConversion.TryParse(text, out var parsed) || parsed.Kind != ValueKind.Dict)
        {
            throw RuntimeErrors.Thrown($"run_record_load: {path} is not a run record");
        }

        return Normalize(parsed.AsDict);
    }
}
