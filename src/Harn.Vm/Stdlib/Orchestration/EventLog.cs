using Harn.Runtime;
using static Harn.Stdlib.Orchestration.OrchestrationValues;

namespace Harn.Stdlib.Orchestration;

/// <summary>One event of the run's event log: its cursor counts from 1 within its topic.</summary>
internal sealed record LoggedEvent(long Cursor, string Topic, string Kind, Value Payload, HarnDict Headers, long OccurredAtMs)
{
    public Value ToValue() => Dict(
        ("id", Value.FromInt(Cursor)),
        ("cursor", Value.FromInt(Cursor)),
        ("topic", Value.FromString(Topic)),
        ("kind", Value.FromString(Kind)),
        ("payload", Payload),
        ("headers", Value.FromDict(Headers)),
        ("occurred_at_ms", Value.FromInt(OccurredAtMs)));
}

/// <summary>
/// The run's event log: append-only topics that HITL requests, trigger dispatches, lifecycle
/// records and scripts (<c>event_log.emit</c>) write, and that subscribers and waits read.
/// </summary>
internal sealed class EventLog
{
    private static readonly RunLocal<EventLog> Logs = new(() => new EventLog());

    private readonly Dictionary<string, Topic> _topics = new(StringComparer.Ordinal);

    public static EventLog Of(BuiltinContext context) => Logs.Get(context);

    public LoggedEvent Append(string topic, string kind, Value payload, HarnDict? headers = null)
    {
        var log = TopicOf(topic);
        var entry = new LoggedEvent(log.Events.Count + 1, topic, kind, payload, headers ?? HarnDict.Empty, NowMs());
        log.Events.Add(entry);
        log.Appended.NotifyAll();
        return entry;
    }

    public IReadOnlyList<LoggedEvent> Read(string topic) => _topics.TryGetValue(topic, out var log) ? log.Events : [];

    /// <summary>The first event of <paramref name="topic"/> after <paramref name="cursor"/>, if any.</summary>
    public LoggedEvent? After(string topic, long cursor)
    {
        var events = Read(topic);
        return cursor < events.Count ? events[(int)Math.Max(0, cursor)] : null;
    }

    /// <summary>Raised whenever <paramref name="topic"/> gains an event.</summary>
    public VmSignal Signal(string topic) => TopicOf(topic).Appended;

    private Topic TopicOf(string name)
    {
        if (!_topics.TryGetValue(name, out var topic))
        {
            topic = new Topic();
            _topics[name] = topic;
        }

        return topic;
    }

    private sealed class Topic
    {
        public List<LoggedEvent> Events { get; } = [];

        public VmSignal Appended { get; } = new();
    }
}
