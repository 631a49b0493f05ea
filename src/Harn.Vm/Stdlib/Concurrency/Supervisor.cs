using Harn.Runtime;
using static Harn.Stdlib.Concurrency.ConcurrencyHelpers;

namespace Harn.Stdlib.Concurrency;

/// <summary>
/// A supervisor: runs named child closures as tasks and restarts them by policy (restart mode,
/// caps within a rolling window, exponential backoff with deterministic jitter, circuit-open
/// delay), recording lifecycle events and counters.
/// </summary>
internal sealed class Supervisor : IHarnObject
{
    private readonly Vm _vm;
    private readonly VmTask? _owner;
    private readonly List<Value> _events = new();
    private readonly Dictionary<string, long> _metrics = new(StringComparer.Ordinal)
    {
        ["started"] = 0, ["stopped"] = 0, ["failed"] = 0, ["restarted"] = 0, ["suppressed"] = 0, ["escalated"] = 0,
    };

    public Supervisor(Vm vm, string id, string name, string strategy, List<SupervisedChild> children)
    {
        _vm = vm;
        _owner = vm.Scheduler.Current;
        Id = id;
        Name = name;
        Strategy = strategy;
        Children = children;
    }

    public string Id { get; }

    public string Name { get; }

    public string Strategy { get; }

    public List<SupervisedChild> Children { get; }

    /// <summary><c>running</c>, <c>completed</c>, <c>stopping</c>, <c>stopped</c> or <c>failed</c>.</summary>
    public string Status { get; private set; } = "running";

    /// <summary>Woken whenever a child exits.</summary>
    public VmSignal Changed { get; } = new();

    public string TypeName => "supervisor";

    public string Display() => $"<supervisor:{Name}>";

    public void Start()
    {
        Record("supervisor_started", null);
        foreach (var child in Children)
        {
            StartChild(child);
        }
    }

    /// <summary>Asks every child to stop; children waiting to restart stop at once.</summary>
    public void RequestStop()
    {
        Status = "stopping";
        foreach (var child in Children)
        {
            if (child.Task is { State: not VmTaskState.Done } task)
            {
                _vm.Scheduler.RequestCancel(task);
            }
            else
            {
                SetStopped(child);
            }
        }
    }

    public bool Drained => Children.All(c => c.Task is null or { State: VmTaskState.Done });

    /// <summary>Force-aborts what is left after a stop and marks the supervisor stopped.</summary>
    public Value FinishStop()
    {
        foreach (var child in Children)
        {
            if (child.Task is { State: not VmTaskState.Done } task)
            {
                _vm.Scheduler.Abort(task);
            }

            SetStopped(child);
        }

        Status = "stopped";
        Record("supervisor_shutdown", null);
        return State();
    }

    public Value State() => Dict(
        ("children", List(Children.Select(c => c.State()))),
        ("id", Value.FromString(Id)),
        ("metrics", Metrics()),
        ("name", Value.FromString(Name)),
        ("status", Value.FromString(Status)),
        ("strategy", Value.FromString(Strategy)));

    public Value Metrics() => Value.FromDict(HarnDict.FromEntries(_metrics.Select(m => new KeyValuePair<string, Value>(m.Key, Value.FromInt(m.Value)))));

    public Value Events() => List(_events);

    private void StartChild(SupervisedChild child)
    {
        if (Status is "stopping" or "stopped")
        {
            SetStopped(child);
            return;
        }

        child.Attempt++;
        child.Status = "running";
        child.WaitReason = null;
        child.NextRestartAtMs = null;
        var context = Dict(
            ("attempt", Value.FromInt(child.Attempt)),
            ("child_kind", Value.FromString(child.Kind)),
            ("child_name", Value.FromString(child.Name)),
            ("restart_count", Value.FromInt(child.RestartCount)),
            ("supervisor_id", Value.FromString(Id)));
        var task = _vm.StartTask(child.Body, [context], "supervisor", null, _owner);
        task.OnDone = t => OnChildExit(child, t);
        child.Task = task;
        _metrics["started"]++;
        Record("child_started", child.Name);
    }

    private void OnChildExit(SupervisedChild child, VmTask task)
    {
        task.Awaited = true;
        var failed = task.Error is not null && !task.Aborted;
        if (failed)
        {
            _metrics["failed"]++;
            child.LastError = task.Error!.Message;
            Record("child_failed", child.Name);
        }

        if (Status is "stopping" or "stopped" || task.Aborted)
        {
            SetStopped(child);
            Changed.NotifyAll();
            return;
        }

        var restart = child.RestartMode == "always" || (child.RestartMode == "on_failure" && failed);
        if (!restart)
        {
            child.Status = failed ? "failed" : "stopped";
            if (!failed)
            {
                _metrics["stopped"]++;
                Record("child_stopped", child.Name);
            }

            if (failed && Strategy == "escalate_to_parent")
            {
                _metrics["escalated"]++;
                Status = "failed";
                Record("escalated", child.Name);
            }

            UpdateStatus();
            Changed.NotifyAll();
            return;
        }

        ScheduleRestart(child);
        Changed.NotifyAll();
    }

    private void ScheduleRestart(SupervisedChild child)
    {
        var now = VmScheduler.Now;
        if (child.WindowMs > 0)
        {
            child.RestartTimes.RemoveAll(t => now - t >= child.WindowMs);
        }

        if (child.RestartTimes.Count >= child.MaxRestarts)
        {
            _metrics["suppressed"]++;
            Record("child_suppressed", child.Name);
            if (child.CircuitOpenMs > 0)
            {
                child.Status = "circuit_open";
                child.WaitReason = "circuit_open";
                child.RestartTimes.Clear();
                RestartAt(child, now + child.CircuitOpenMs);
            }
            else
            {
                child.Status = "suppressed";
                child.WaitReason = "restart_cap_exceeded";
                UpdateStatus();
            }

            return;
        }

        child.RestartTimes.Add(now);
        child.RestartCount++;
        _metrics["restarted"]++;
        Record("child_restarted", child.Name);
        var backoff = child.BackoffMs * Math.Pow(child.Factor, child.RestartCount - 1);
        var delay = (long)Math.Min(backoff, child.MaxBackoffMs) + (child.JitterMs > 0 ? (child.RestartCount * 7919L) % (child.JitterMs + 1) : 0);
        child.Status = "waiting";
        child.WaitReason = "backoff";
        RestartAt(child, now + delay);
        if (Strategy is "one_for_all" or "rest_for_one")
        {
            var index = Children.IndexOf(child);
            foreach (var sibling in Children.Where((_, i) => i != index && (Strategy == "one_for_all" || i > index)))
            {
                if (sibling.Task is { State: not VmTaskState.Done } running)
                {
                    running.OnDone = null;
                    _vm.Scheduler.Abort(running);
                    sibling.Status = "waiting";
                    sibling.WaitReason = "sibling_restart";
                    RestartAt(sibling, now + delay);
                }
            }
        }
    }

    private void RestartAt(SupervisedChild child, long dueMs)
    {
        child.NextRestartAtMs = dueMs;
        _vm.Scheduler.At(dueMs, () =>
        {
            if (child.NextRestartAtMs == dueMs && child.Status is "waiting" or "circuit_open")
            {
                StartChild(child);
            }
        });
    }

    private void SetStopped(SupervisedChild child)
    {
        if (child.Status != "stopped")
        {
            child.Status = "stopped";
            child.WaitReason = null;
            child.NextRestartAtMs = null;
            _metrics["stopped"]++;
        }
    }

    private void UpdateStatus()
    {
        if (Status == "running" && Children.All(c => c.Status is "stopped" or "failed" or "suppressed"))
        {
            Status = "completed";
        }
    }

    private void Record(string kind, string? child) => _events.Add(Dict(
        ("at_ms", Value.FromInt(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())),
        ("child", Str(child)),
        ("kind", Value.FromString(kind)),
        ("supervisor", Value.FromString(Name))));
}

/// <summary>One child of a <see cref="Supervisor"/>: its closure, restart policy and current state.</summary>
internal sealed class SupervisedChild
{
    public required string Name { get; init; }

    public required string Kind { get; init; }

    public required Value Body { get; init; }

    public string RestartMode { get; init; } = "on_failure";

    public long MaxRestarts { get; init; } = 3;

    public long WindowMs { get; init; } = 60_000;

    public long BackoffMs { get; init; } = 100;

    public long MaxBackoffMs { get; init; } = 30_000;

    public double Factor { get; init; } = 2;

    public long JitterMs { get; init; }

    public long CircuitOpenMs { get; init; }

    public string? ActiveLease { get; init; }

    public string Status { get; set; } = "waiting";

    public int Attempt { get; set; }

    public int RestartCount { get; set; }

    public string? LastError { get; set; }

    public string? WaitReason { get; set; }

    public long? NextRestartAtMs { get; set; }

    public List<long> RestartTimes { get; } = new();

    public VmTask? Task { get; set; }

    public Value State() => Dict(
        ("active_lease", Str(ActiveLease)),
        ("attempt", Value.FromInt(Attempt)),
        ("current_wait_reason", Str(WaitReason)),
        ("kind", Value.FromString(Kind)),
        ("last_error", Str(LastError)),
        ("name", Value.FromString(Name)),
        ("next_restart_ms", NextRestartAtMs is { } next ? Value.FromInt(Math.Max(0, next - VmScheduler.Now)) : Value.Nil),
        ("restart_count", Value.FromInt(RestartCount)),
        ("status", Value.FromString(Status)));
}
