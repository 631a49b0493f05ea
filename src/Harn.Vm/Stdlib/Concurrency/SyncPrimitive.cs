using Harn.Runtime;
using static Harn.Stdlib.Concurrency.ConcurrencyHelpers;

namespace Harn.Stdlib.Concurrency;

/// <summary>
/// One named FIFO parking primitive (mutex, semaphore, gate or rwlock): permits are granted in
/// arrival order, waiters park instead of spinning, and counters feed <c>sync_metrics</c>.
/// </summary>
internal sealed class SyncPrimitive(string kind, string key, int capacity)
{
    private readonly LinkedList<Request> _queue = new();
    private int _held;
    private int _readers;
    private bool _writer;

    public string Kind { get; } = kind;

    public string Key { get; } = key;

    public int Capacity { get; } = Math.Max(1, capacity);

    /// <summary>Woken whenever permits are handed out.</summary>
    public VmSignal Changed { get; } = new();

    private long AcquisitionCount { get; set; }

    private long TimeoutCount { get; set; }

    private long CancellationCount { get; set; }

    private long ReleaseCount { get; set; }

    private int MaxQueueDepth { get; set; }

    private long TotalWaitMs { get; set; }

    private long TotalHeldMs { get; set; }

    /// <summary>A permit now, <c>nil</c> once <paramref name="timeoutMs"/> passes (negative: wait as long as it takes), or the wait.</summary>
    public Value Acquire(int permits, bool exclusive, long timeoutMs)
    {
        if (_queue.Count == 0 && CanGrant(permits, exclusive))
        {
            return Grant(permits, exclusive, VmScheduler.Now);
        }

        if (timeoutMs == 0)
        {
            TimeoutCount++;
            return Value.Nil;
        }

        var request = new Request(permits, exclusive, VmScheduler.Now);
        var node = _queue.AddLast(request);
        MaxQueueDepth = Math.Max(MaxQueueDepth, _queue.Count);
        var wait = new VmWait(
            () => request.Permit is { } permit ? (true, permit) : (false, default),
            [Changed],
            DueIn(timeoutMs),
            () =>
            {
                _queue.Remove(node);
                TimeoutCount++;
                return Value.Nil;
            },
            endsOnCancel: true,
            onAbandon: () =>
            {
                if (request.Permit is { } permit)
                {
                    Release((SyncPermit)permit.Ref!);
                    return;
                }

                _queue.Remove(node);
                CancellationCount++;
                GrantWaiting();
            });
        return wait.ToValue();
    }

    public bool Release(SyncPermit permit)
    {
        if (permit.Released)
        {
            return false;
        }

        permit.Released = true;
        ReleaseCount++;
        TotalHeldMs += VmScheduler.Now - permit.AcquiredAtMs;
        if (Kind == "rwlock")
        {
            if (permit.Exclusive)
            {
                _writer = false;
            }
            else
            {
                _readers--;
            }
        }
        else
        {
            _held -= permit.Permits;
        }

        GrantWaiting();
        return true;
    }

    public Value Metrics() => Dict(
        ("acquisition_count", Value.FromInt(AcquisitionCount)),
        ("cancellation_count", Value.FromInt(CancellationCount)),
        ("capacity", Value.FromInt(Capacity)),
        ("current_held", Value.FromInt(Kind == "rwlock" ? _readers + (_writer ? 1 : 0) : _held)),
        ("current_queue_depth", Value.FromInt(_queue.Count)),
        ("key", Value.FromString(Key)),
        ("kind", Value.FromString(Kind)),
        ("max_queue_depth", Value.FromInt(MaxQueueDepth)),
        ("release_count", Value.FromInt(ReleaseCount)),
        ("timeout_count", Value.FromInt(TimeoutCount)),
        ("total_held_ms", Value.FromInt(TotalHeldMs)),
        ("total_wait_ms", Value.FromInt(TotalWaitMs)));

    private bool CanGrant(int permits, bool exclusive) => Kind == "rwlock"
        ? exclusive ? !_writer && _readers == 0 : !_writer
        : _held + permits <= Capacity;

    private Value Grant(int permits, bool exclusive, long requestedAtMs)
    {
        if (Kind == "rwlock")
        {
            if (exclusive)
            {
                _writer = true;
            }
            else
            {
                _readers++;
            }
        }
        else
        {
            _held += permits;
        }

        AcquisitionCount++;
        var now = VmScheduler.Now;
        TotalWaitMs += now - requestedAtMs;
        return Value.FromHarnObject(new SyncPermit(this, permits, exclusive, now));
    }

    /// <summary>Hands permits to the queue's head for as long as it fits (FIFO: a waiter that does not fit blocks those behind it).</summary>
    private void GrantWaiting()
    {
        var granted = false;
        while (_queue.First is { } head && CanGrant(head.Value.Permits, head.Value.Exclusive))
        {
            _queue.RemoveFirst();
            head.Value.Permit = Grant(head.Value.Permits, head.Value.Exclusive, head.Value.RequestedAtMs);
            granted = true;
        }

        if (granted)
        {
            Changed.NotifyAll();
        }
    }

    private sealed class Request(int permits, bool exclusive, long requestedAtMs)
    {
        public int Permits { get; } = permits;

        public bool Exclusive { get; } = exclusive;

        public long RequestedAtMs { get; } = requestedAtMs;

        public Value? Permit { get; set; }
    }
}

/// <summary>A held permit of a <see cref="SyncPrimitive"/>; released once by <c>sync_release</c>.</summary>
internal sealed class SyncPermit(SyncPrimitive primitive, int permits, bool exclusive, long acquiredAtMs) : IHarnObject
{
    public SyncPrimitive Primitive { get; } = primitive;

    public int Permits { get; } = permits;

    public bool Exclusive { get; } = exclusive;

    public long AcquiredAtMs { get; } = acquiredAtMs;

    public bool Released { get; set; }

    public string TypeName => "sync_permit";

    public string Display() => $"<sync_permit:{Primitive.Kind}:{Primitive.Key}>";
}
