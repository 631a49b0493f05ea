using Harn.Runtime;

namespace Harn.Stdlib.Concurrency;

/// <summary>
/// A wait described by a poll: done when <c>poll</c> says so, woken by the given signals,
/// answered by <c>onTimeout</c> once its due time passes.
/// </summary>
internal sealed class VmWait : VmSuspension
{
    private readonly Func<(bool Done, Value Result)> _poll;
    private readonly VmSignal[] _signals;
    private readonly Func<Value>? _onTimeout;
    private readonly Action? _onAbandon;
    private readonly bool _endsOnCancel;

    public VmWait(Func<(bool Done, Value Result)> poll, VmSignal[] signals, long dueMs = long.MaxValue, Func<Value>? onTimeout = null, bool endsOnCancel = false, Action? onAbandon = null)
    {
        _poll = poll;
        _signals = signals;
        DueMs = dueMs;
        _onTimeout = onTimeout;
        _endsOnCancel = endsOnCancel;
        _onAbandon = onAbandon;
    }

    public override bool EndsOnCancel => _endsOnCancel;

    public override bool TryComplete(VmTask waiter, out Value result)
    {
        var (done, value) = _poll();
        if (done)
        {
            result = value;
            return true;
        }

        if (VmScheduler.Now >= DueMs)
        {
            result = _onTimeout is null ? Value.Nil : _onTimeout();
            return true;
        }

        result = default;
        return false;
    }

    public override void Park(VmScheduler scheduler, VmTask waiter)
    {
        foreach (var signal in _signals)
        {
            signal.Add(scheduler, waiter);
        }
    }

    public override void Unpark(VmTask waiter)
    {
        foreach (var signal in _signals)
        {
            signal.Remove(waiter);
        }
    }

    public override void Abandon() => _onAbandon?.Invoke();

    /// <summary>The poll's answer now when it has one (no waiting needed), else the wait as a builtin result.</summary>
    public Value NowOrPending()
    {
        var (done, value) = _poll();
        if (done)
        {
            return value;
        }

        return DueMs <= VmScheduler.Now ? (_onTimeout is null ? Value.Nil : _onTimeout()) : ToValue();
    }
}
