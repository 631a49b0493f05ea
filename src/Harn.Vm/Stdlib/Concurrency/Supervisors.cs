using System.Globalization;
using Harn.Runtime;
using static Harn.Stdlib.Concurrency.ConcurrencyHelpers;

namespace Harn.Stdlib.Concurrency;

/// <summary><c>supervisor_start</c>, <c>supervisor_state</c>, <c>supervisor_events</c>, <c>supervisor_metrics</c>, <c>supervisor_stop</c>.</summary>
internal static class Supervisors
{
    private const long DefaultStopTimeoutMs = 5000;

    private static readonly RunLocal<List<Supervisor>> Registries = new(() => new());

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("supervisor_start", Start);
        registry.Register("supervisor_state", (context, args) => Find(context, args, "supervisor_state").State());
        registry.Register("supervisor_events", (context, args) => Find(context, args, "supervisor_events").Events());
        registry.Register("supervisor_metrics", (context, args) => Find(context, args, "supervisor_metrics").Metrics());
        registry.Register("supervisor_stop", Stop);
    }

    /// <summary>The states of every supervisor of the run (<c>runtime_context().debug.supervisors</c>).</summary>
    public static Value All(BuiltinContext context) => List(Registries.Get(context).Select(s => s.State()));

    private static Value Start(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var spec = Args.Dict(args, 0, "supervisor_start");
        var vm = VmOf(context, "supervisor_start");
        var supervisors = Registries.Get(context);
        var name = spec.TryGetValue("name", out var n) && n.Kind == ValueKind.String ? n.AsString : "supervisor";
        var strategy = spec.TryGetValue("strategy", out var s) && s.Kind == ValueKind.String ? s.AsString : "one_for_one";
        if (strategy is not ("one_for_one" or "one_for_all" or "rest_for_one" or "escalate_to_parent"))
        {
            throw RuntimeErrors.Runtime($"supervisor_start: unknown strategy \"{strategy}\"");
        }

        var children = new List<SupervisedChild>();
        if (spec.TryGetValue("children", out var list) && list.Kind == ValueKind.List)
        {
            foreach (var item in list.AsList)
            {
                children.Add(Child(item));
            }
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"supervisor_{supervisors.Count + 1}");
        var supervisor = new Supervisor(vm, id, name, strategy, children);
        supervisors.Add(supervisor);
        supervisor.Start();
        return Value.FromHarnObject(supervisor);
    }

    private static SupervisedChild Child(Value spec)
    {
        if (spec.Kind != ValueKind.Dict)
        {
            throw RuntimeErrors.Type("supervisor_start: each child must be a dict");
        }

        var body = Option(spec, "task");
        if (!Args.IsCallable(body))
        {
            throw RuntimeErrors.Type("supervisor_start: each child needs a task closure");
        }

        var restart = Option(spec, "restart");
        string Text(Value source, string key, string fallback) => Option(source, key) is { Kind: ValueKind.String } v ? v.AsString : fallback;
        long Number(string key, long fallback) => Milliseconds(Option(restart, key), fallback);
        return new SupervisedChild
        {
            Name = Text(spec, "name", "child"),
            Kind = Text(spec, "kind", "generic_task"),
            Body = body,
            ActiveLease = Option(spec, "active_lease") is { Kind: ValueKind.String } lease ? lease.AsString : null,
            RestartMode = restart.Kind == ValueKind.String ? restart.AsString : Text(restart, "mode", "on_failure"),
            MaxRestarts = Number("max_restarts", 3),
            WindowMs = Number("window_ms", 60_000),
            BackoffMs = Number("backoff_ms", 100),
            MaxBackoffMs = Number("max_backoff_ms", 30_000),
            Factor = Option(restart, "factor") is { Kind: ValueKind.Int or ValueKind.Float } f ? (f.Kind == ValueKind.Int ? f.AsInt : f.AsFloat) : 2,
            JitterMs = Number("jitter_ms", 0),
            CircuitOpenMs = Number("circuit_open_ms", 0),
        };
    }

    private static Supervisor Find(BuiltinContext context, ReadOnlySpan<Value> args, string function)
    {
        var target = Args.At(args, 0);
        if (target.Ref is Supervisor supervisor)
        {
            return supervisor;
        }

        var id = target.Kind == ValueKind.String ? target.AsString : Option(target, "id") is { Kind: ValueKind.String } i ? i.AsString : null;
        return Registries.Get(context).FirstOrDefault(s => s.Id == id || s.Name == id)
            ?? throw RuntimeErrors.Runtime($"{function}: unknown supervisor");
    }

    private static Value Stop(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var supervisor = Find(context, args, "supervisor_stop");
        supervisor.RequestStop();
        var timeout = Milliseconds(Args.At(args, 1), DefaultStopTimeoutMs);
        var wait = new VmWait(
            () => supervisor.Drained ? (true, supervisor.FinishStop()) : (false, default),
            [supervisor.Changed],
            DueIn(timeout),
            supervisor.FinishStop);
        return wait.NowOrPending();
    }
}
