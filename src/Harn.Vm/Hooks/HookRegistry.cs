namespace Harn.Hooks;

/// <summary>
/// An ordered, thread-safe set of hook registrations. A host keeps one and passes it in
/// <see cref="Harn.Hosting.HarnRunOptions.Hooks"/>; each run takes a snapshot when it starts.
/// </summary>
public sealed class HookRegistry
{
    private readonly object _gate = new();
    private HookRegistration[] _registrations = [];

    /// <summary>The registrations in order, as of now.</summary>
    public IReadOnlyList<HookRegistration> Snapshot()
    {
        lock (_gate)
        {
            return _registrations;
        }
    }

    public HookRegistration Add(HookEvent hookEvent, string? pattern, HookHandler handler)
    {
        var registration = new HookRegistration(hookEvent, pattern, handler);
        Add(registration);
        return registration;
    }

    public void Add(HookRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        lock (_gate)
        {
            _registrations = [.. _registrations, registration];
        }
    }
}
