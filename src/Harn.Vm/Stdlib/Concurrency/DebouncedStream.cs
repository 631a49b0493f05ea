using Harn.Runtime;

namespace Harn.Stdlib.Concurrency;

/// <summary>
/// <c>stream.debounce(source, interval)</c>: an item passes only once no newer item follows it
/// within <c>interval</c> ms; a newer one replaces it, and the source's end lets the last one
/// through. Items that are already there when asked for (a list, a channel with a backlog) come
/// in one burst, so only the burst's last item passes. A channel is waited on for at most the
/// interval; for other sources that had to wait, the arrival times decide.
/// </summary>
internal sealed class DebouncedStream
{
    private readonly IHarnPullSource _source;
    private readonly long _intervalMs;
    private bool _sourceDone;
    private bool _hasPending;
    private Value _pending;
    private long _pendingAtMs;

    private DebouncedStream(IHarnPullSource source, long intervalMs)
    {
        _source = source;
        _intervalMs = intervalMs;
    }

    public static Value Over(IHarnPullSource source, long intervalMs) =>
        new OperatorStream(new DebouncedStream(source, intervalMs).Pull).ToValue();

    private (bool More, Value Item) Pull(BuiltinContext context)
    {
        while (true)
        {
            if (!_hasPending)
            {
                if (_sourceDone || !_source.TryPull(context, out var first))
                {
                    _sourceDone = true;
                    return (false, default);
                }

                Hold(first);
            }

            var (arrived, next) = _source is HarnChannel channel ? FromChannel(context, channel) : FromSource(context);
            if (arrived == Arrival.Superseding)
            {
                Hold(next);
                continue;
            }

            var passed = _pending;
            _hasPending = false;
            if (arrived == Arrival.AfterQuiet)
            {
                Hold(next);
            }

            return (true, passed);
        }
    }

    private void Hold(Value item)
    {
        _pending = item;
        _pendingAtMs = VmScheduler.Now;
        _hasPending = true;
    }

    /// <summary>Waits at most until the pending item's interval ends for the channel's next item.</summary>
    private (Arrival, Value) FromChannel(BuiltinContext context, HarnChannel channel)
    {
        var due = _pendingAtMs + _intervalMs;
        if (!channel.Ready && VmScheduler.Now < due)
        {
            ConcurrencyHelpers.VmOf(context, "stream.debounce")
                .WaitInPlace(new VmWait(() => (channel.Ready, Value.Nil), [channel.Readable], due));
        }

        if (!channel.Ready)
        {
            return (Arrival.None, default);
        }

        if (!channel.TryReceive(out var item))
        {
            _sourceDone = true;
            return (Arrival.None, default);
        }

        return (Arrival.Superseding, item);
    }

    /// <summary>Pulls the next item; it replaces the pending one when it was there at once or came within the interval.</summary>
    private (Arrival, Value) FromSource(BuiltinContext context)
    {
        var vm = (context as VmContext)?.Vm;
        var waitsBefore = vm?.InPlaceWaits ?? 0;
        if (!_source.TryPull(context, out var item))
        {
            _sourceDone = true;
            return (Arrival.None, default);
        }

        var waited = vm is not null && vm.InPlaceWaits != waitsBefore;
        return !waited || VmScheduler.Now - _pendingAtMs <= _intervalMs ? (Arrival.Superseding, item) : (Arrival.AfterQuiet, item);
    }

    private enum Arrival
    {
        /// <summary>No newer item (the interval passed quietly or the source ended): the pending item passes.</summary>
        None,

        /// <summary>A newer item came within the interval and replaces the pending one.</summary>
        Superseding,

        /// <summary>A newer item came only after the interval: the pending item passes and the newer one waits its turn.</summary>
        AfterQuiet,
    }
}
