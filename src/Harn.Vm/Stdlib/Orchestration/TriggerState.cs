using Harn.Runtime;

namespace Harn.Stdlib.Orchestration;

/// <summary>A dead-lettered event: the dispatch that failed, and each failed dispatch of it since.</summary>
internal sealed class DlqEntry(string id, string bindingId, string eventId, Value triggerEvent, string createdAt)
{
    public string Id => id;

    public string BindingId => bindingId;

    public string EventId => eventId;

    public string Error { get; set; } = "";

    public string ErrorClass { get; set; } = "handler_error";

    public int Attempts { get; set; }

    public List<Value> RetryHistory { get; } = [];

    public Value ToValue() => OrchestrationValues.Dict(
        ("id", Value.FromString(id)),
        ("binding_id", Value.FromString(bindingId)),
        ("event_id", Value.FromString(eventId)),
        ("event", triggerEvent),
        ("error", Value.FromString(Error)),
        ("error_class", Value.FromString(ErrorClass)),
        ("attempts", Value.FromInt(Attempts)),
        ("retry_history", OrchestrationValues.List(RetryHistory)),
        ("state", Value.FromString("pending")),
        ("created_at", Value.FromString(createdAt)));
}

/// <summary>The run's trigger registry, the events fired into it, the DLQ, and what replays reuse.</summary>
internal sealed class TriggerState
{
    private static readonly RunLocal<TriggerState> States = new(() => new TriggerState());

    /// <summary>Registered triggers in registration order.</summary>
    public List<TriggerBinding> Bindings { get; } = [];

    /// <summary>Each fired event by id, with the trigger it was fired into.</summary>
    public Dictionary<string, (string BindingId, Value Event)> Events { get; } = new(StringComparer.Ordinal);

    public List<DlqEntry> Dlq { get; } = [];

    /// <summary><c>when</c> results by event id, which a replay reuses instead of evaluating again.</summary>
    public Dictionary<string, bool> PredicateCache { get; } = new(StringComparer.Ordinal);

    /// <summary>The HITL outcomes each event's dispatch recorded, which a replay hands back.</summary>
    public Dictionary<string, List<Value>> HitlOutcomes { get; } = new(StringComparer.Ordinal);

    public long NextEvent { get; set; }

    public static TriggerState Of(BuiltinContext context) => States.Get(context);

    public TriggerBinding? Find(string id) => Bindings.Find(b => b.Id == id);
}
