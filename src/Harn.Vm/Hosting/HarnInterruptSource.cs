using Harn.Runtime;

namespace Harn.Hosting;

/// <summary>
/// Delivers host interrupt signals (SIGINT, SIGTERM, SIGHUP) to a running script, so the
/// script's <c>on_interrupt</c> handlers can clean up before the host cancels the run.
/// Pass one through <see cref="HarnRunOptions.Interrupts"/>; <see cref="Raise"/> may be called
/// from any thread, before, during or after the run.
/// </summary>
public sealed class HarnInterruptSource
{
    private readonly object _gate = new();
    private readonly Queue<string> _pending = new();
    private Action<string>? _listener;

    /// <summary>
    /// Delivers <paramref name="signal"/> ("SIGINT", "SIGTERM" or "SIGHUP") to the run. The
    /// matching handlers run, newest first, at the script's next safe point; with no matching
    /// handler the run ends with <c>kind:interrupted:&lt;SIGNAL&gt;</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The signal is not one of the three names.</exception>
    public void Raise(string signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (!InterruptSignals.IsKnown(signal))
        {
            throw new ArgumentException($"Unknown interrupt signal '{signal}'; expected SIGINT, SIGTERM or SIGHUP.", nameof(signal));
        }

        Action<string>? listener;
        lock (_gate)
        {
            listener = _listener;
            if (listener is null)
            {
                _pending.Enqueue(signal);
                return;
            }
        }

        listener(signal);
    }

    /// <summary>Connects a run: signals raised before it attached are delivered now.</summary>
    internal void Attach(Action<string> listener)
    {
        string[] queued;
        lock (_gate)
        {
            _listener = listener;
            queued = _pending.ToArray();
            _pending.Clear();
        }

        foreach (var signal in queued)
        {
            listener(signal);
        }
    }

    /// <summary>Disconnects the run that attached <paramref name="listener"/>; later signals are dropped.</summary>
    internal void Detach(Action<string> listener)
    {
        lock (_gate)
        {
            if (_listener == listener)
            {
                _listener = null;
            }
        }
    }
}
