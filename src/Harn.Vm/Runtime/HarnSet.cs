namespace Harn.Runtime;

/// <summary>
/// A Harn set: insertion-ordered, deduplicated by structural key (see
/// <see cref="StructuralKeyComparer"/>), immutable (every change builds a new set).
/// </summary>
public sealed class HarnSet : IHarnObject
{
    public static readonly HarnSet Empty = new(Array.Empty<Value>(), new HashSet<Value>(StructuralKeyComparer.Instance));

    private readonly Value[] _items;
    private readonly HashSet<Value> _index;

    private HarnSet(Value[] items, HashSet<Value> index)
    {
        _items = items;
        _index = index;
    }

    public static HarnSet Create(IEnumerable<Value> items)
    {
        var index = new HashSet<Value>(StructuralKeyComparer.Instance);
        var ordered = new List<Value>();
        foreach (var item in items)
        {
            if (index.Add(item))
            {
                ordered.Add(item);
            }
        }

        return ordered.Count == 0 ? Empty : new HarnSet(ordered.ToArray(), index);
    }

    public int Count => _items.Length;

    public ReadOnlySpan<Value> Items => _items;

    public bool Contains(Value item) => _index.Contains(item);

    public HarnSet Add(Value item) => Contains(item) ? this : Create(_items.Append(item));

    public HarnSet Remove(Value item) => Contains(item) ? Create(_items.Where(x => !StructuralKeyComparer.Instance.Equals(x, item))) : this;

    public HarnSet Union(HarnSet other) => Create(_items.Concat(other._items));

    public HarnSet Intersect(HarnSet other) => Create(_items.Where(other.Contains));

    public HarnSet Difference(HarnSet other) => Create(_items.Where(x => !other.Contains(x)));

    public HarnSet SymmetricDifference(HarnSet other) =>
        Create(_items.Where(x => !other.Contains(x)).Concat(other._items.Where(x => !Contains(x))));

    public bool IsSubsetOf(HarnSet other) => _items.All(other.Contains);

    public bool IsDisjointFrom(HarnSet other) => !_items.Any(other.Contains);

    public HarnList ToList() => HarnList.Create(_items.AsSpan());

    public string TypeName => "set";

    public string Display() => ValueFormatter.Display(Value.FromObject(ValueKind.Set, this));

    public static Value ToValue(HarnSet set) => Value.FromObject(ValueKind.Set, set);
}
