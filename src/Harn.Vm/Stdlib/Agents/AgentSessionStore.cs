using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>
/// The agent sessions of one run: each has a transcript, a place in a fork tree (parent,
/// children, the message index it branched at) and subscribers. A stack of active ids answers
/// <c>agent_session_current_id()</c> while an agent loop runs under a session.
/// </summary>
internal sealed class AgentSessionStore
{
    private static readonly RunLocal<AgentSessionStore> Stores = new(() => new AgentSessionStore());

    private readonly Dictionary<string, AgentSession> _sessions = new(StringComparer.Ordinal);
    private readonly List<string> _active = [];

    /// <summary>Subscribers by session id; a script may subscribe before the session is opened.</summary>
    private readonly Dictionary<string, List<Value>> _subscribers = new(StringComparer.Ordinal);

    /// <summary>Feedback waiting for the next turn of the loop running under each session id.</summary>
    private readonly Dictionary<string, List<(string Kind, string Content)>> _feedback = new(StringComparer.Ordinal);

    public static AgentSessionStore Of(BuiltinContext context) => Stores.Get(context);

    /// <summary>The innermost session an agent loop is running under, or null.</summary>
    public string? CurrentId => _active.Count == 0 ? null : _active[^1];

    /// <summary>Opens <paramref name="id"/> (creating it when new) or a fresh UUIDv7 session; returns the id.</summary>
    public string Open(string? id)
    {
        id ??= AgentIds.NewUuid();
        if (!_sessions.ContainsKey(id))
        {
            _sessions[id] = new AgentSession(id, Agents.Transcript.Create(Value.Nil, id));
        }

        return id;
    }

    public bool Exists(string id) => _sessions.ContainsKey(id);

    public AgentSession? Find(string id) => _sessions.GetValueOrDefault(id);

    /// <summary>The session, or an error naming the function and the unknown id.</summary>
    public AgentSession Get(string id, string function) =>
        Find(id) ?? throw RuntimeErrors.Thrown($"{function}: unknown agent session id '{id}'");

    /// <summary>The session's transcript.</summary>
    public HarnDict Transcript(string id) => Get(id, "agent session").Transcript;

    /// <summary>Replaces the session's transcript (an agent loop persists its final transcript this way).</summary>
    public void Replace(string id, HarnDict transcript) => Get(id, "agent session").Transcript = transcript.With("id", AgentValues.Str(id));

    /// <summary>Appends a message (a dict with a role).</summary>
    public void Inject(string id, Value message, string function = "agent_session_inject")
    {
        var session = Get(id, function);
        if (message.Kind != ValueKind.Dict || AgentValues.StringField(message, "role") is null)
        {
            throw RuntimeErrors.Thrown($"{function}: message must be a dict with a string `role`");
        }

        session.Transcript = Agents.Transcript.AppendMessage(session.Transcript, message);
    }

    /// <summary>Copies <paramref name="source"/> into a new child session, keeping the first <paramref name="keepFirst"/> messages when given.</summary>
    public string Fork(string source, string? destination, int? keepFirst, string function)
    {
        var parent = Get(source, function);
        destination ??= AgentIds.NewUuid();
        if (destination == source)
        {
            throw RuntimeErrors.Thrown($"{function}: a session cannot be forked onto itself");
        }

        var messages = Agents.Transcript.Messages(Value.FromDict(parent.Transcript)).AsEnumerable();
        if (keepFirst is { } keep)
        {
            messages = messages.Take(Math.Max(0, keep));
        }

        var child = new AgentSession(destination, Agents.Transcript.WithMessages(parent.Transcript.With("id", AgentValues.Str(destination)), messages))
        {
            ParentId = source,
            BranchedAt = keepFirst,
        };
        if (_sessions.TryGetValue(destination, out var previous) && previous.ParentId is { } oldParent && _sessions.TryGetValue(oldParent, out var old))
        {
            old.ChildIds.Remove(destination);
        }

        _sessions[destination] = child;
        if (!parent.ChildIds.Contains(destination))
        {
            parent.ChildIds.Add(destination);
        }

        return destination;
    }

    /// <summary>Queues feedback for the loop running under <paramref name="id"/>; it reaches the model before the loop's next call.</summary>
    public void InjectFeedback(string id, string kind, string content)
    {
        if (!_feedback.TryGetValue(id, out var queue))
        {
            _feedback[id] = queue = [];
        }

        queue.Add((kind, content));
    }

    /// <summary>Takes the feedback queued for <paramref name="id"/>, oldest first.</summary>
    public IReadOnlyList<(string Kind, string Content)> DrainFeedback(string id)
    {
        if (!_feedback.Remove(id, out var queue))
        {
            return [];
        }

        return queue;
    }

    public void Close(string id)
    {
        _sessions.Remove(id);
        _subscribers.Remove(id);
        _feedback.Remove(id);
    }

    /// <summary>Adds a subscriber that <see cref="Emit"/> calls with the session's events.</summary>
    public void Subscribe(string id, Value subscriber)
    {
        if (!_subscribers.TryGetValue(id, out var list))
        {
            _subscribers[id] = list = [];
        }

        list.Add(subscriber);
    }

    /// <summary>The first session of the parent chain (guarded against cycles).</summary>
    public string RootOf(string id)
    {
        var current = id;
        var seen = new HashSet<string>(StringComparer.Ordinal) { id };
        while (Find(current)?.ParentId is { } parent && _sessions.ContainsKey(parent) && seen.Add(parent))
        {
            current = parent;
        }

        return current;
    }

    /// <summary>Makes <paramref name="id"/> the current session until the returned scope is disposed.</summary>
    public IDisposable Enter(string id)
    {
        _active.Add(id);
        return new ActiveScope(this, _active.Count - 1);
    }

    /// <summary>Calls every subscriber of <paramref name="id"/> with <paramref name="ev"/> (a dict with a <c>type</c>).</summary>
    public void Emit(BuiltinContext context, string id, Value ev)
    {
        if (!_subscribers.TryGetValue(id, out var subscribers))
        {
            return;
        }

        foreach (var subscriber in subscribers.ToArray())
        {
            context.Invoke(subscriber, [ev]);
        }
    }

    private sealed class ActiveScope(AgentSessionStore store, int depth) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (store._active.Count > depth)
            {
                store._active.RemoveRange(depth, store._active.Count - depth);
            }
        }
    }
}

/// <summary>One agent session: its transcript and its place among forks.</summary>
internal sealed class AgentSession(string id, HarnDict transcript)
{
    public string Id { get; } = id;

    public HarnDict Transcript { get; set; } = transcript;

    public string? ParentId { get; init; }

    public List<string> ChildIds { get; } = [];

    /// <summary>The message count a <c>fork_at</c> child kept, or null for a full fork.</summary>
    public int? BranchedAt { get; init; }

    /// <summary>The skills active when the last agent loop on this session ended; the next one starts with them.</summary>
    public List<string> ActiveSkills { get; } = [];

}
