using Harn.Runtime;

namespace Harn.Stdlib.Concurrency;

/// <summary>
/// A bounded FIFO channel shared by every task holding it. Closing stops sends; buffered items
/// are still received, after which receives (and <c>for</c> loops) end.
/// </summary>
internal sealed class HarnChannel : IHarnObject, IHarnPullSource, IVmWaitableSource
{
    private readonly Queue<Value> _items = new();

    public HarnChannel(string name, int capacity)
    {
        Name = name;
        Capacity = Math.Max(1, capacity);
    }

    public string Name { get; }

    public int Capacity { get; }

    public bool Closed { get; private set; }

    public int Count => _items.Count;

    /// <summary>Woken when an item arrives or the channel closes.</summary>
    public VmSignal Readable { get; } = new();

    /// <summary>Woken when room frees up or the channel closes.</summary>
    public VmSignal Writable { get; } = new();

    public string TypeName => "channel";

    public string Display() => $"<channel:{Name}>";

    public bool HasItem => _items.Count > 0;

    /// <summary>A receive can answer now: an item, or closed and drained.</summary>
    public bool Ready => _items.Count > 0 || Closed;

    public bool TrySend(Value item)
    {
        if (Closed || _items.Count >= Capacity)
        {
            return false;
        }

        _items.Enqueue(item);
        Readable.NotifyAll();
        return true;
    }

    public bool TryReceive(out Value item)
    {
        if (_items.TryDequeue(out item))
        {
            Writable.NotifyAll();
            return true;
        }

        return false;
    }

    public void Close()
    {
        Closed = true;
        Readable.NotifyAll();
        Writable.NotifyAll();
    }

    public VmSuspension? WaitForItem() => Ready ? null : ReceiveWait(() => Value.Nil);

    /// <summary>Waits until a receive can answer; <paramref name="answer"/> gives the result then.</summary>
    public VmWait ReceiveWait(Func<Value> answer) => new(() => Ready ? (true, answer()) : (false, default), [Readable]);

    public bool TryPull(BuiltinContext context, out Value item)
    {
        while (!Ready)
        {
            ConcurrencyHelpers.VmOf(context, "receive").WaitInPlace(ReceiveWait(() => Value.Nil));
        }

        return TryReceive(out item);
    }
}
