namespace Harn.Runtime;

/// <summary>Yields a fixed array of items (set snapshots, string characters).</summary>
internal sealed class SpanIterator(Value[] items) : HarnIterator
{
    private int _next;

    public override bool MoveNext(BuiltinContext context, out Value item)
    {
        if (_next < items.Length)
        {
            item = items[_next++];
            return true;
        }

        item = Value.Nil;
        return false;
    }
}

/// <summary>Yields a list's items; lists never change, so no copy is needed.</summary>
internal sealed class ListIterator(HarnList list) : HarnIterator
{
    private int _next;

    public override bool MoveNext(BuiltinContext context, out Value item)
    {
        if (_next < list.Count)
        {
            item = list[_next++];
            return true;
        }

        item = Value.Nil;
        return false;
    }
}

/// <summary>Yields the ints of a range without materializing it.</summary>
internal sealed class RangeIterator(HarnRange range) : HarnIterator
{
    /// <summary>Items between two checks that the run may go on (a range may hold billions).</summary>
    private const long StopCheckInterval = 1 << 16;

    private readonly long _length = range.Length;
    private long _index;

    public override bool MoveNext(BuiltinContext context, out Value item)
    {
        if (_index < _length)
        {
            if (_index % StopCheckInterval == StopCheckInterval - 1)
            {
                context.ThrowIfStopped();
            }

            item = Value.FromInt(range.ElementAt(_index++));
            return true;
        }

        item = Value.Nil;
        return false;
    }
}

/// <summary>For-loop view of a dict: one <c>{key, value}</c> dict per entry.</summary>
internal sealed class DictEntryIterator(HarnDict dict) : HarnIterator
{
    private int _next;

    public override bool MoveNext(BuiltinContext context, out Value item)
    {
        if (_next < dict.Count)
        {
            item = Value.FromDict(Entry(dict.Keys[_next], dict.Values[_next]));
            _next++;
            return true;
        }

        item = Value.Nil;
        return false;
    }

    public static HarnDict Entry(string key, Value value) =>
        HarnDict.Empty.With("key", Value.FromString(key)).With("value", value);
}

/// <summary>Iter view of a dict: one <c>Pair(key, value)</c> per entry.</summary>
internal sealed class DictPairIterator(HarnDict dict) : HarnIterator
{
    private int _next;

    public override bool MoveNext(BuiltinContext context, out Value item)
    {
        if (_next < dict.Count)
        {
            item = HarnPair.Create(Value.FromString(dict.Keys[_next]), dict.Values[_next]);
            _next++;
            return true;
        }

        item = Value.Nil;
        return false;
    }
}

/// <summary>Drains an iter value (the iter is single-pass, so this consumes it).</summary>
internal sealed class IterDrainIterator(HarnIter iter) : HarnIterator
{
    public override bool MoveNext(BuiltinContext context, out Value item) => iter.TryNext(context, out item);
}

/// <summary>Pulls from a generator, stream or channel.</summary>
internal sealed class PullSourceIterator(IHarnPullSource source) : HarnIterator
{
    public override bool MoveNext(BuiltinContext context, out Value item) => source.TryPull(context, out item);
}
