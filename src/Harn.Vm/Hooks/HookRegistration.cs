namespace Harn.Hooks;

/// <summary>One registered hook: the event it observes, the pattern that selects payloads, and its handler.</summary>
public sealed class HookRegistration
{
    private static long _lastId;

    public HookRegistration(HookEvent hookEvent, string? pattern, HookHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Id = Interlocked.Increment(ref _lastId);
        Event = hookEvent;
        Pattern = string.IsNullOrEmpty(pattern) ? "*" : pattern;
        Handler = handler;
    }

    /// <summary>Unique within the process, increasing in registration order.</summary>
    public long Id { get; }

    public HookEvent Event { get; }

    public string Pattern { get; }

    public HookHandler Handler { get; }
}
