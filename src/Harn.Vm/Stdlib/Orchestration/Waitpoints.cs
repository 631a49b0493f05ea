using Harn.Runtime;
using Harn.Stdlib.Concurrency;
using static Harn.Stdlib.Orchestration.OrchestrationValues;

namespace Harn.Stdlib.Orchestration;

/// <summary>
/// Waitpoints: named one-shot signals of the run. <c>waitpoint_create(id?, options?)</c> opens one,
/// <c>waitpoint_complete(id, value?)</c> and <c>waitpoint_cancel(id, reason?)</c> settle it and wake
/// every waiter, <c>waitpoint_wait(id | ids, {wait_id?, timeout?})</c> waits until all are settled.
/// Each change is appended to the <c>waitpoints</c> event-log topic.
/// </summary>
internal static class Waitpoints
{
    private const string Topic = "waitpoints";

    private static readonly RunLocal<WaitpointTable> Tables = new(() => new WaitpointTable());

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("waitpoint_create", Create);
        registry.Register("waitpoint_complete", (context, args) => Settle(context, args, "waitpoint_complete", "completed"));
        registry.Register("waitpoint_cancel", (context, args) => Settle(context, args, "waitpoint_cancel", "cancelled"));
        registry.Register("waitpoint_get", (context, args) =>
            Tables.Get(context).Points.TryGetValue(Id(Args.At(args, 0), "waitpoint_get"), out var point) ? point.ToValue() : Value.Nil);
        registry.Register("waitpoint_wait", Wait);
    }

    private sealed class WaitpointTable
    {
        public Dictionary<string, Waitpoint> Points { get; } = new(StringComparer.Ordinal);

        public VmSignal Settled { get; } = new();

        public long Created { get; set; }
    }

    private sealed class Waitpoint(string id, Value metadata)
    {
        public string Id => id;

        public string Status { get; set; } = "open";

        public Value Value { get; set; } = Value.Nil;

        public Value Reason { get; set; } = Value.Nil;

        public string CreatedAt { get; } = NowIso();

        public string? SettledAt { get; set; }

        public Value ToValue() => Dict(
            ("id", Value.FromString(id)),
            ("status", Value.FromString(Status)),
            ("value", Value),
            ("reason", Reason),
            ("metadata", metadata),
            ("created_at", Value.FromString(CreatedAt)),
            ("completed_at", Str(SettledAt)));
    }

    /// <summary>A waitpoint is named by its id or by the record <c>waitpoint_create</c> returned.</summary>
    private static string Id(Value value, string function) => value.Kind switch
    {
        ValueKind.String => value.AsString,
        ValueKind.Dict when StringField(value.AsDict, "id") is { } id => id,
        _ => throw Args.Expected(function, "a waitpoint id or record", value),
    };

    private static Waitpoint Open(BuiltinContext context, string id, Value metadata)
    {
        var table = Tables.Get(context);
        if (!table.Points.TryGetValue(id, out var point))
        {
            point = new Waitpoint(id, metadata);
            table.Points[id] = point;
            EventLog.Of(context).Append(Topic, "waitpoint.created", Dict(("id", Value.FromString(id))));
        }

        return point;
    }

    private static Value Create(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var first = Args.At(args, 0);
        var options = first.Kind == ValueKind.Dict && !first.AsDict.ContainsKey("id") ? first : Args.At(args, 1);
        var id = first.IsNil || (first.Kind == ValueKind.Dict && !first.AsDict.ContainsKey("id"))
            ? $"waitpoint-{++Tables.Get(context).Created}-{Guid.NewGuid():N}"[..24]
            : Id(first, "waitpoint_create");
        return Open(context, id, Field(Options(options), "metadata")).ToValue();
    }

    private static Value Settle(BuiltinContext context, ReadOnlySpan<Value> args, string function, string status)
    {
        var point = Open(context, Id(Args.At(args, 0), function), Value.Nil);
        if (point.Status == "open")
        {
            point.Status = status;
            point.SettledAt = NowIso();
            if (status == "completed")
            {
                point.Value = Args.At(args, 1);
            }
            else
            {
                point.Reason = Args.At(args, 1);
            }

            EventLog.Of(context).Append(Topic, "waitpoint." + status, Dict(("id", Value.FromString(point.Id)), ("value", point.Value), ("reason", point.Reason)));
            Tables.Get(context).Settled.NotifyAll();
        }

        return point.ToValue();
    }

    private static Value Wait(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var target = Args.At(args, 0);
        var ids = target.Kind == ValueKind.List
            ? target.AsList.Select(item => Id(item, "waitpoint_wait")).ToArray()
            : [Id(target, "waitpoint_wait")];
        var options = Options(Args.At(args, 1));
        var waitId = Field(options, "wait_id");
        if (waitId.IsNil)
        {
            waitId = Value.FromString("wait-" + string.Join("+", ids));
        }

        var timeoutMs = ConcurrencyHelpers.Milliseconds(Field(options, "timeout"), -1);
        var points = ids.Select(id => Open(context, id, Value.Nil)).ToArray();
        Value Outcome(string status) => Dict(
            ("wait_id", waitId),
            ("status", Value.FromString(status)),
            ("waitpoints", List(points.Select(p => p.ToValue()))));

        (bool, Value) Poll()
        {
            if (points.Any(p => p.Status == "cancelled"))
            {
                return (true, Outcome("cancelled"));
            }

            return points.All(p => p.Status == "completed") ? (true, Outcome("completed")) : (false, default);
        }

        var wait = new VmWait(Poll, [Tables.Get(context).Settled], ConcurrencyHelpers.DueIn(timeoutMs), () => Outcome("timed_out"));
        return wait.NowOrPending();
    }
}
