using System.Runtime.CompilerServices;

namespace Harn.Runtime;

/// <summary>
/// The hidden loop state of a <c>for</c>: walks lists and ranges directly (no copy, no
/// allocation per item) and everything else through <see cref="HarnIterator"/>.
/// </summary>
internal sealed class VmForCursor : IHarnObject
{
    private readonly HarnList? _list;
    private readonly HarnIterator? _general;
    private int _index;
    private long _next;
    private long _remaining;

    /// <summary>The source when pulling from it may have to wait (a channel, a parallel stream).</summary>
    private readonly IVmWaitableSource? _waitable;

    private VmForCursor(HarnList list) => _list = list;

    private VmForCursor(long start, long count)
    {
        _next = start;
        _remaining = count;
    }

    private VmForCursor(HarnIterator general, IVmWaitableSource? waitable)
    {
        _general = general;
        _waitable = waitable;
    }

    public string TypeName => "iter";

    public string Display() => "<iter>";

    public static VmForCursor Create(Value iterable)
    {
        switch (iterable.Kind)
        {
            case ValueKind.List:
                return new VmForCursor(iterable.AsList);
            case ValueKind.Range:
                {
                    var range = iterable.As<HarnRange>();
                    return new VmForCursor(range.Start, range.Length);
                }

            default:
                return new VmForCursor(HarnIterator.Create(iterable), iterable.Ref as IVmWaitableSource);
        }
    }

    /// <summary>True for lists and ranges, which <see cref="MoveNextInto"/> walks without a builtin context or a wait.</summary>
    public bool IsDirect => _general is null;

    /// <summary>
    /// The next item of a list or range cursor (<see cref="IsDirect"/>) written into
    /// <paramref name="slot"/>; false at the end. The dispatch loop's fast path for <c>for</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MoveNextInto(ref Value slot)
    {
        if (_list is not null)
        {
            if (_index < _list.Count)
            {
                var item = _list[_index++];
                Value.Store(ref slot, in item);
                return true;
            }

            return false;
        }

        if (_remaining > 0)
        {
            _remaining--;
            slot = Value.FromInt(_next++);
            return true;
        }

        return false;
    }

    /// <summary>A wait to finish before <see cref="MoveNext"/> can pull without blocking, or null when it can pull now.</summary>
    public VmSuspension? WaitForItem() => _waitable?.WaitForItem();

    public bool MoveNext(BuiltinContext context, out Value item)
    {
        if (_general is not null)
        {
            return _general.MoveNext(context, out item);
        }

        item = default;
        return MoveNextInto(ref item);
    }
}
