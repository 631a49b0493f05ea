using System.Collections;
using System.Diagnostics;

namespace Harn.Runtime;

/// <summary>
/// A Harn list. Harn lists have value semantics: a list is never changed after it has been
/// handed to Harn code; "mutations" (<c>push</c>, <c>xs[i] = v</c>) build a new list.
/// </summary>
/// <remarks>
/// Appending reuses storage, so a loop of <c>xs = xs.push(x)</c> or <c>xs = xs + [x]</c> costs
/// amortised O(1) per item instead of copying the whole list each time: an appended list gets
/// spare capacity, and the next append to the newest list over that array writes into it. Older
/// lists over the same array never look past their own <see cref="Count"/>, so they are
/// unchanged; an append to one of them finds the slots taken and copies.
/// </remarks>
public sealed class HarnList : IReadOnlyList<Value>
{
    public static readonly HarnList Empty = new(Array.Empty<Value>(), 0);

    private readonly Value[] _items;

    /// <summary>Shared by the lists over an array with spare capacity: how many slots are taken.</summary>
    private readonly AppendCursor? _cursor;

    /// <summary>Takes ownership of <paramref name="items"/>; the caller must not change it afterwards.</summary>
    public HarnList(Value[] items, int count)
    {
        _items = items;
        Count = count;
    }

    private HarnList(Value[] items, int count, AppendCursor cursor)
    {
        _items = items;
        Count = count;
        _cursor = cursor;
    }

    /// <summary>Takes ownership of <paramref name="items"/>.</summary>
    public HarnList(Value[] items) : this(items, items.Length) { }

    public static HarnList Create(ReadOnlySpan<Value> items) =>
        items.Length == 0 ? Empty : new HarnList(items.ToArray());

    public static HarnList Create(IEnumerable<Value> items)
    {
        var array = items.ToArray();
        return array.Length == 0 ? Empty : new HarnList(array);
    }

    public int Count { get; }

    public Value this[int index] => _items[index];

    public ReadOnlySpan<Value> AsSpan() => new(_items, 0, Count);

    /// <summary>A new list with <paramref name="item"/> appended.</summary>
    public HarnList Append(Value item) => AppendRange(new ReadOnlySpan<Value>(in item));

    /// <summary>A new list with <paramref name="items"/> appended (this list when they are none).</summary>
    public HarnList AppendRange(ReadOnlySpan<Value> items)
    {
        if (items.IsEmpty)
        {
            return this;
        }

        var count = Count + items.Length;
        if (_cursor is { } cursor && count <= _items.Length &&
            Interlocked.CompareExchange(ref cursor.Taken, count, Count) == Count)
        {
            // The slots past Count are this append's alone now.
            items.CopyTo(_items.AsSpan(Count));
            return new HarnList(_items, count, cursor);
        }

        var next = new Value[Math.Max(count, Math.Max(4, Count * 2))];
        AsSpan().CopyTo(next);
        items.CopyTo(next.AsSpan(Count));
        return new HarnList(next, count, new AppendCursor { Taken = count });
    }

    /// <summary>A new list with the element at <paramref name="index"/> replaced.</summary>
    public HarnList SetItem(int index, Value item)
    {
        var next = AsSpan().ToArray();
        next[index] = item;
        return new HarnList(next);
    }

    /// <summary>
    /// True while one variable alone holds this list, so <c>xs[i] = v</c> on that variable may
    /// change it in place (see <see cref="VariableOwnership"/>). Only a list made by
    /// <see cref="SetItem"/> (its own array, no append cursor) is ever owned.
    /// </summary>
    internal bool Owned { get; set; }

    /// <summary>Replaces an element of an <see cref="Owned"/> list.</summary>
    internal void SetInPlace(int index, Value item)
    {
        Debug.Assert(Owned && _cursor is null, "only a list one variable owns changes");
        _items[index] = item;
    }

    public IEnumerator<Value> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _items[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class AppendCursor
    {
        public int Taken;
    }
}
