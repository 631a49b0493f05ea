using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Workflows;

/// <summary>The state of one <c>workflow_execute</c>: its artifacts, stages, transitions, checkpoints and replay source.</summary>
internal sealed class WorkflowRunState
{
    private readonly Dictionary<string, Queue<Value>> _replayStages = new(StringComparer.Ordinal);

    public WorkflowRunState(BuiltinContext context, BuiltinLookup builtins, string task, Value graph, Value options)
    {
        Context = context;
        Builtins = builtins;
        Task = task;
        Graph = graph;
        Options = options;
        Id = Rec.NewId("run");
        StartedAt = Rec.Now();
        ReplayRun = AgentValues.Field(options, "replay_run");
        ReplayMode = AgentValues.StringField(options, "replay_mode") ?? (ReplayRun.Kind == ValueKind.Dict ? "deterministic" : null);
        if (ReplayRun.Kind == ValueKind.Dict)
        {
            foreach (var stage in AgentValues.ListField(ReplayRun, "stages"))
            {
                var nodeId = AgentValues.StringField(stage, "node_id") ?? "";
                if (!_replayStages.TryGetValue(nodeId, out var queue))
                {
                    _replayStages[nodeId] = queue = new Queue<Value>();
                }

                queue.Enqueue(stage);
            }
        }

        Transcript = AgentValues.Field(options, "transcript") is { Kind: ValueKind.Dict } given ? given : Value.Nil;
        CarriesTranscript = !Transcript.IsNil || Rec.Truthy(graph, "persistent");
        var trigger = AgentValues.Field(options, "trigger_event");
        TraceId = AgentValues.StringField(trigger, "trace_id") ?? Rec.NewId("trace");
    }

    public BuiltinContext Context { get; }

    public BuiltinLookup Builtins { get; }

    public string Task { get; }

    public Value Graph { get; }

    public Value Options { get; }

    public string Id { get; }

    public string StartedAt { get; }

    public string TraceId { get; }

    public Value ReplayRun { get; }

    public string? ReplayMode { get; }

    /// <summary>The run-wide conversation model stages continue when the run carries one (a given transcript, or a persistent graph).</summary>
    public Value Transcript { get; set; }

    public bool CarriesTranscript { get; }

    /// <summary>The latest raw answer of the model (an <c>llm_call</c> or <c>agent_loop</c> result).</summary>
    public Value LastResponse { get; set; }

    public List<Value> Artifacts { get; } = [];

    public List<Value> Stages { get; } = [];

    public List<Value> Transitions { get; } = [];

    public List<Value> Checkpoints { get; } = [];

    public List<string> Completed { get; } = [];

    /// <summary>The recorded stage a deterministic replay uses for the next run of <paramref name="nodeId"/>, if any.</summary>
    public Value TakeReplayStage(string nodeId) =>
        ReplayMode == "deterministic" && _replayStages.TryGetValue(nodeId, out var queue) && queue.Count > 0 ? queue.Dequeue() : Value.Nil;

    public Value ToRunRecord(string status, IReadOnlyList<string> pending, long maxSteps)
    {
        var metadata = new Rec(AgentValues.Field(Options, "metadata"));
        metadata["trace_id"] = Rec.S(TraceId);
        if (AgentValues.Field(Options, "trigger_event") is { Kind: ValueKind.Dict } trigger)
        {
            metadata["trigger_event"] = trigger;
        }

        if (ReplayRun.Kind == ValueKind.Dict)
        {
            metadata["replay_mode"] = Rec.S(ReplayMode);
            metadata["replayed_from"] = AgentValues.Field(ReplayRun, "id");
        }

        var record = new Rec();
        record["_type"] = Rec.S("run_record");
        record["id"] = Rec.S(Id);
        record["workflow_id"] = AgentValues.Field(Graph, "id");
        record["workflow_name"] = AgentValues.Field(Graph, "name");
        record["workflow_version"] = AgentValues.Field(Graph, "version");
        record["task"] = Rec.S(Task);
        record["status"] = Rec.S(status);
        record["started_at"] = Rec.S(StartedAt);
        record["finished_at"] = Rec.S(Rec.Now());
        record["parent_run_id"] = AgentValues.Field(Options, "parent_run_id");
        record["root_run_id"] = AgentValues.Field(Options, "root_run_id") is { IsNil: false } root ? root : Rec.S(Id);
        record["stages"] = Rec.L(Stages);
        record["transitions"] = Rec.L(Transitions);
        record["checkpoints"] = Rec.L(Checkpoints);
        record["pending_nodes"] = Rec.Strings(pending);
        record["completed_nodes"] = Rec.Strings(Completed);
        record["artifacts"] = Rec.L(Artifacts);
        record["policy"] = AgentValues.Field(Graph, "capability_policy");
        record["execution"] = AgentValues.Dict(("max_steps", Rec.I(maxSteps)), ("steps", Rec.I(Stages.Count)));
        record["transcript"] = Stages.Count > 0 ? AgentValues.Field(Stages[^1], "transcript") : Value.Nil;
        record["metadata"] = metadata.ToValue();
        var normalized = RunRecords.Normalize(record.ToValue().AsDict);
        return Value.FromDict(normalized.AsDict.With("replay_fixture", RunEvaluation.Fixture(normalized)));
    }
}
