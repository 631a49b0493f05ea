using System.Globalization;
using Harn.Runtime;
using Harn.Stdlib.Agents;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Workers;

/// <summary>
/// One delegated worker of a run: a background piece of agent work that runs in cycles (the
/// first task, then each <c>send_input</c>), each as a task of its own on the run's scheduler.
/// Its handle (<see cref="ToHandle"/>) is a plain dict; after each cycle the worker writes a
/// snapshot (request, carry policy, transcript, result) to <c>.harn/workers/&lt;id&gt;.json</c>.
/// </summary>
internal sealed class Worker
{
    public Worker(string name, string mode, string task, HarnDict request, HarnDict carryPolicy, WorkerCycle runCycle)
    {
        Id = "worker_" + AgentIds.NewUuid();
        Name = name;
        Mode = mode;
        Task = task;
        Request = request;
        CarryPolicy = carryPolicy;
        RunCycle = runCycle;
        CreatedAt = Now();
    }

    public string Id { get; }

    public string Name { get; }

    /// <summary><c>sub_agent</c> for <c>sub_agent_run(..., {background: true})</c>.</summary>
    public string Mode { get; }

    /// <summary>
    /// <c>running</c>, then <c>completed</c>, <c>failed</c> or <c>cancelled</c>; a retriggerable
    /// worker rests in <c>awaiting</c> between cycles until <c>worker_trigger</c> or <c>close_agent</c>.
    /// </summary>
    public string Status
    {
        get => _status;
        set
        {
            _status = value;
            Changed.NotifyAll();
        }
    }

    private string _status = "pending";

    /// <summary>Woken on every status change (what <c>wait_agent</c> parks on).</summary>
    public VmSignal Changed { get; } = new();

    /// <summary>True once the worker will run no more cycles by itself: <c>completed</c>, <c>failed</c> or <c>cancelled</c>.</summary>
    public bool IsSettled => Status is "completed" or "failed" or "cancelled";

    public bool Retriggerable => CarryPolicy.GetBool("retriggerable", false);

    /// <summary>The task of the current (or last) cycle.</summary>
    public string Task { get; set; }

    /// <summary>The original request, never changed by later cycles.</summary>
    public HarnDict Request { get; }

    /// <summary><c>{transcript_mode, artifact_mode, retriggerable, persist_state}</c>.</summary>
    public HarnDict CarryPolicy { get; }

    /// <summary>Runs one cycle to completion and returns its result.</summary>
    public WorkerCycle RunCycle { get; }

    public Value Result { get; set; }

    public Value Error { get; set; }

    /// <summary>The transcript the last cycle ended with (what the next cycle carries, by the carry policy).</summary>
    public HarnDict? Transcript { get; set; }

    /// <summary>The agent session the cycles run under.</summary>
    public string? SessionId { get; set; }

    public string? ParentSessionId { get; set; }

    public string? SnapshotPath { get; set; }

    /// <summary>The task running the current cycle (until a wait collects it).</summary>
    public VmTask? Running { get; set; }

    public int Cycle { get; set; }

    public List<string> Tasks { get; } = [];

    public string CreatedAt { get; }

    public string? StartedAt { get; set; }

    public string? FinishedAt { get; set; }

    public bool IsActive => Status is "pending" or "running";

    public static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public string TranscriptMode => CarryPolicy.GetString("transcript_mode") ?? "inherit";

    /// <summary><c>{worker_id, mode, session_id, parent_session_id, created_at, cycle}</c>: where the worker's output came from.</summary>
    public HarnDict Provenance() => HarnDict.Empty
        .With("worker_id", Value.FromString(Id))
        .With("worker_name", Value.FromString(Name))
        .With("mode", Value.FromString(Mode))
        .With("session_id", HostValues.Str(SessionId))
        .With("parent_session_id", HostValues.Str(ParentSessionId))
        .With("created_at", Value.FromString(CreatedAt))
        .With("cycle", Value.FromInt(Cycle));

    public HarnDict ToHandle()
    {
        var artifacts = AgentValues.Field(Result, "artifacts") is { Kind: ValueKind.List } list ? list.AsList.Count : 0;
        return HarnDict.Empty
            .With("_type", Value.FromString("worker"))
            .With("id", Value.FromString(Id))
            .With("name", Value.FromString(Name))
            .With("mode", Value.FromString(Mode))
            .With("status", Value.FromString(Status))
            .With("task", Value.FromString(Task))
            .With("created_at", Value.FromString(CreatedAt))
            .With("started_at", HostValues.Str(StartedAt))
            .With("finished_at", HostValues.Str(FinishedAt))
            .With("request", Value.FromDict(Request))
            .With("provenance", Value.FromDict(Provenance()))
            .With("carry_policy", Value.FromDict(CarryPolicy))
            .With("result", Result)
            .With("error", Error)
            .With("session_id", HostValues.Str(SessionId))
            .With("has_transcript", Value.FromBool(Transcript is not null))
            .With("artifact_count", Value.FromInt(artifacts))
            .With("snapshot_path", HostValues.Str(SnapshotPath))
            .With("parent_stage_id", Value.Nil)
            .With("child_run_id", Value.Nil)
            .With("child_run_path", Value.Nil)
            .With("cycle", Value.FromInt(Cycle));
    }

    /// <summary>The persisted form: the handle plus the transcript and every cycle's task.</summary>
    public HarnDict ToSnapshot() => ToHandle()
        .With("_type", Value.FromString("worker_snapshot"))
        .With("tasks", HostValues.Strings(Tasks))
        .With("transcript", Transcript is null ? Value.Nil : Value.FromDict(Transcript));
}

/// <summary>Runs one cycle of <paramref name="worker"/> on <paramref name="task"/>; returns the cycle's result.</summary>
internal delegate Value WorkerCycle(BuiltinContext context, Worker worker, string task);
