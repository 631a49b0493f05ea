using System.Collections;

namespace Harn.Runtime;

/// <summary>
/// A Harn list. Harn lists have value semantics: a list is never changed after it has been
/// handed to Harn code; "mutations" (<c>push</c>, <c>xs[i] = v</c>) build a new list.
/// </summary>
public sealed class HarnList : IReadOnlyList<Value>
{
    public static readonly HarnList Empty = new(Array.Empty<Value>(), 0);

    private readonly Value[] _items;

    /// <summary>Takes ownership of <paramref name="items"/>; the caller must not change it afterwards.</summary>
    public HarnList(Value[] items, int count)
    {
        _items = items;
        Count = count;
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
    public HarnList Append(Value item)
    {
        var next = new Value[Count + 1];
        Array.Copy(_items, next, Count);
        next[Count] = item;
        return new HarnList(next);
    }

    /// <summary>A new list with the element at <paramref name="index"/> replaced.</summary>
    public HarnList SetItem(int index, Value item)
    {
        var next = AsSpan().ToArray();
        next[index] = item;
        return new HarnList(next);
    }

    public IEnumerator<Value> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _items[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
