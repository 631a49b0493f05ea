using Harn.Runtime;
using Harn.Stdlib.Host;
using static Harn.Stdlib.Orchestration.OrchestrationValues;

namespace Harn.Stdlib.Orchestration;

/// <summary>
/// Triggers registered from Harn: <c>trigger_register</c>, <c>trigger_list</c>, <c>trigger_fire</c>,
/// <c>trigger_replay</c>, <c>trigger_inspect_dlq</c>, <c>trigger_inspect_lifecycle</c>,
/// <c>trigger_inspect_action_graph</c> and <c>handler_context</c>. Fired events go to the
/// <c>triggers.events</c> topic and every dispatch step to <c>triggers.lifecycle</c>; the
/// dispatch itself is <see cref="TriggerDispatcher"/>.
/// </summary>
internal static class Triggers
{
    public const string EventsTopic = "triggers.events";
    public const string LifecycleTopic = "triggers.lifecycle";
    public const string ActionGraphTopic = "observability.action_graph";

    public static void Register(BuiltinRegistry registry)
    {
        var dispatcher = new TriggerDispatcher(new Agents.BuiltinLookup(registry));
        registry.Register("trigger_register", RegisterTrigger);
        registry.Register("trigger_list", (context, _) => List(TriggerState.Of(context).Bindings.Select(b => b.Listing())));
        registry.Register("trigger_fire", (context, args) => Fire(context, args, dispatcher));
        registry.Register("trigger_replay", (context, args) => Replay(context, args, dispatcher));
        registry.Register("trigger_inspect_dlq", (context, _) => List(TriggerState.Of(context).Dlq.Select(e => e.ToValue())));
        registry.Register("trigger_inspect_lifecycle", (context, args) => Inspect(context, args, LifecycleTopic, "trigger_inspect_lifecycle", e => e.Kind));
        registry.Register("trigger_inspect_action_graph", (context, args) =>
            Inspect(context, args, ActionGraphTopic, "trigger_inspect_action_graph", e => StringField(e.Headers, "trace_id")));
        registry.Register("handler_context", (context, _) => DispatchScope.Current(context)?.ToValue() ?? Value.Nil);
    }

    /// <summary>The autonomy tier the agent's trigger declared, <c>act_auto</c> for an agent with no trigger.</summary>
    public static string DeclaredTier(BuiltinContext context, string agent) => TriggerState.Of(context).Find(agent)?.AutonomyTier ?? "act_auto";

    private static Value RegisterTrigger(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var binding = TriggerBinding.Parse(Args.Dict(args, 0, "trigger_register"));
        var state = TriggerState.Of(context);
        state.Bindings.RemoveAll(b => b.Id == binding.Id);
        state.Bindings.Add(binding);
        EventLog.Of(context).Append(LifecycleTopic, "TriggerRegistered", Dict(("trigger_id", Value.FromString(binding.Id)), ("kind", Value.FromString(binding.Kind)), ("provider", Value.FromString(binding.Provider))),
            Options(Dict(("trigger_id", Value.FromString(binding.Id)))));
        return binding.Handle();
    }

    private static string BindingId(Value handle, string function) => handle.Kind switch
    {
        ValueKind.String => handle.AsString,
        ValueKind.Dict when StringField(handle.AsDict, "id") is { } id => id,
        _ => throw Args.Expected(function, "a trigger handle or id", handle),
    };

    private static Value Fire(BuiltinContext context, ReadOnlySpan<Value> args, TriggerDispatcher dispatcher)
    {
        var id = BindingId(Args.At(args, 0), "trigger_fire");
        var state = TriggerState.Of(context);
        var binding = state.Find(id) ?? throw RuntimeErrors.Thrown($"trigger_fire: no trigger registered with id '{id}'");
        var input = Args.At(args, 1);
        if (!input.IsNil && input.Kind != ValueKind.Dict)
        {
            throw Args.Expected("trigger_fire", "an event dict", input);
        }

        var fields = Options(input);
        var headers = Options(Field(fields, "headers"));
        var eventId = $"evt-{++state.NextEvent}-{Guid.NewGuid():N}"[..24];
        var triggerEvent = fields
            .With("id", Value.FromString(eventId))
            .With("kind", Value.FromString(StringField(fields, "kind") ?? binding.Kind))
            .With("provider", Value.FromString(StringField(fields, "provider") ?? binding.Provider))
            .With("trace_id", Value.FromString(StringField(fields, "trace_id") ?? "trace-" + Guid.NewGuid().ToString("N")[..16]))
            .With("key", Field(fields, "key").IsNil ? Str(StringField(headers, "x_delivery")) : Field(fields, "key"))
            .With("headers", Value.FromDict(headers))
            .With("payload", Field(fields, "payload"))
            .With("received_at", Value.FromString(NowIso()));
        var eventValue = Value.FromDict(triggerEvent);
        state.Events[eventId] = (binding.Id, eventValue);
        EventLog.Of(context).Append(EventsTopic, "trigger.event", Dict(("binding_id", Value.FromString(binding.Id)), ("event", eventValue)),
            Options(Dict(("trigger_id", Value.FromString(binding.Id)), ("event_id", Value.FromString(eventId)))));
        binding.Metrics["received"]++;
        return dispatcher.Dispatch(context, binding, eventValue, replayOf: null);
    }

    private static Value Replay(BuiltinContext context, ReadOnlySpan<Value> args, TriggerDispatcher dispatcher)
    {
        var eventId = Args.String(args, 0, "trigger_replay");
        var state = TriggerState.Of(context);
        if (!state.Events.TryGetValue(eventId, out var fired))
        {
            throw RuntimeErrors.Thrown($"trigger_replay: no event with id '{eventId}' in {EventsTopic}");
        }

        var binding = state.Find(fired.BindingId) ?? throw RuntimeErrors.Thrown($"trigger_replay: trigger '{fired.BindingId}' of event '{eventId}' is no longer registered");
        return dispatcher.Dispatch(context, binding, fired.Event, replayOf: eventId);
    }

    private static Value Inspect(BuiltinContext context, ReadOnlySpan<Value> args, string topic, string function, Func<LoggedEvent, string?> key)
    {
        var filter = Args.At(args, 0);
        if (!filter.IsNil && filter.Kind != ValueKind.String)
        {
            throw Args.Expected(function, "a string filter or nil", filter);
        }

        return List(EventLog.Of(context).Read(topic).Where(e => filter.IsNil || key(e) == filter.AsString).Select(e => e.ToValue()));
    }
}
