using Harn.Runtime;
using Harn.Stdlib.Concurrency;
using static Harn.Stdlib.Orchestration.OrchestrationValues;

namespace Harn.Stdlib.Orchestration;

/// <summary>
/// The trigger dispatch a task is running (what <c>handler_context()</c> answers). It carries the
/// trace id that trust records and HITL requests made inside the handler share, records every
/// HITL outcome of the dispatch, and on a replay hands the recorded outcomes back in order so a
/// replayed handler sees the same reviewers, timestamps and signatures without asking anyone.
/// </summary>
internal sealed class DispatchScope(string agent, string action, string traceId, string autonomyTier, Value triggerEvent, string? replayOf, Queue<Value>? replayOutcomes)
{
    private static readonly RunLocal<Dictionary<VmTask, Stack<DispatchScope>>> Active = new(() => []);

    public string Agent => agent;

    public string Action => action;

    public string TraceId => traceId;

    public string AutonomyTier => autonomyTier;

    public string? ReplayOf => replayOf;

    /// <summary>Every HITL outcome of this dispatch, in the order the handler asked.</summary>
    public List<Value> HitlOutcomes { get; } = [];

    public Value ToValue() => Dict(
        ("agent", Value.FromString(agent)),
        ("action", Value.FromString(action)),
        ("trace_id", Value.FromString(traceId)),
        ("replay_of_event_id", Str(replayOf)),
        ("autonomy_tier", Value.FromString(autonomyTier)),
        ("trigger_event", triggerEvent));

    /// <summary>The recorded outcome of the next HITL request when replaying, else false.</summary>
    public bool TryReplay(out Value outcome)
    {
        if (replayOutcomes is { Count: > 0 })
        {
            outcome = replayOutcomes.Dequeue();
            return true;
        }

        outcome = default;
        return false;
    }

    public static DispatchScope? Current(BuiltinContext context)
    {
        var task = ConcurrencyHelpers.CurrentTask(context);
        return task is not null && Active.Get(context).TryGetValue(task, out var stack) && stack.Count > 0 ? stack.Peek() : null;
    }

    /// <summary>Runs <paramref name="body"/> with this scope active for the current task.</summary>
    public T Run<T>(BuiltinContext context, Func<T> body)
    {
        var task = ConcurrencyHelpers.CurrentTask(context);
        if (task is null)
        {
            return body();
        }

        var active = Active.Get(context);
        if (!active.TryGetValue(task, out var stack))
        {
            stack = new Stack<DispatchScope>();
            active[task] = stack;
        }

        stack.Push(this);
        try
        {
            return body();
        }
        finally
        {
            stack.Pop();
            if (stack.Count == 0)
            {
                active.Remove(task);
            }
        }
    }
}
