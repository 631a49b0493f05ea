using System.Collections;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Harn.Runtime;

/// <summary>
/// A Harn dict: string keys kept in ordinal (UTF-8 byte) order, value semantics like
/// <see cref="HarnList"/>. Small dicts dominate Harn programs, so this is two sorted arrays
/// searched by binary search; every change builds a new dict.
/// </summary>
/// <remarks>
/// The one exception is a dict that one variable alone holds (<see cref="Owned"/>, see
/// <see cref="VariableOwnership"/>): <c>d[k] = v</c> on that variable sets a value in place and
/// appends a new key behind the ordered entries, found through a hash index once there are
/// several, so a loop filling a dict costs O(1) per key instead of a copy of the whole dict.
/// The appended keys are merged into order when the variable hands the dict out
/// (<see cref="Release"/>) or anything reads the entries in order.
/// </remarks>
public sealed class HarnDict : IReadOnlyCollection<KeyValuePair<string, Value>>
{
    public static readonly HarnDict Empty = new(Array.Empty<string>(), Array.Empty<Value>());

    /// <summary>Appended keys searched one by one before a hash index pays for itself.</summary>
    private const int AppendedScanLimit = 8;

    private string[] _keys;
    private Value[] _values;
    private int _count;

    /// <summary>Entries below this index are in key order; those above were appended since (owned dicts only).</summary>
    private int _ordered;

    /// <summary>Positions of the appended keys, once there are more than <see cref="AppendedScanLimit"/>.</summary>
    private Dictionary<string, int>? _appendedIndex;

    private HarnDict(string[] keys, Value[] values)
        : this(keys, values, keys.Length)
    {
    }

    private HarnDict(string[] keys, Value[] values, int count)
    {
        _keys = keys;
        _values = values;
        _count = count;
        _ordered = count;
    }

    /// <summary>Builds a dict from entries in any order; later duplicates win.</summary>
    public static HarnDict FromEntries(IEnumerable<KeyValuePair<string, Value>> entries)
    {
        var map = new SortedDictionary<string, Value>(KeyComparer.Instance);
        foreach (var (key, value) in entries)
        {
            map[key] = value;
        }

        return map.Count == 0 ? Empty : new HarnDict(map.Keys.ToArray(), map.Values.ToArray());
    }

    public int Count => _count;

    public ReadOnlySpan<string> Keys
    {
        get
        {
            EnsureOrdered();
            return new ReadOnlySpan<string>(_keys, 0, _count);
        }
    }

    public ReadOnlySpan<Value> Values
    {
        get
        {
            EnsureOrdered();
            return new ReadOnlySpan<Value>(_values, 0, _count);
        }
    }

    /// <summary>True while one variable alone holds this dict and may change it in place.</summary>
    internal bool Owned { get; private set; }

    public bool ContainsKey(string key) => Find(key) >= 0;

    public bool TryGetValue(string key, out Value value)
    {
        var index = Find(key);
        value = index >= 0 ? _values[index] : Value.Nil;
        return index >= 0;
    }

    /// <summary>The value under <paramref name="key"/>, or nil.</summary>
    public Value Get(string key)
    {
        var index = Find(key);
        return index >= 0 ? _values[index] : Value.Nil;
    }

    /// <summary>
    /// The value under <paramref name="key"/>, or nil, looked up first at <paramref name="hint"/>
    /// (where a read site found its key last time); a miss searches and moves the hint.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Value Get(string key, ref int hint)
    {
        var index = hint;
        if ((uint)index < (uint)_count)
        {
            var candidate = _keys[index];
            if (ReferenceEquals(candidate, key) || (candidate.Length == key.Length && string.Equals(candidate, key, StringComparison.Ordinal)))
            {
                return _values[index];
            }
        }

        return GetAndHint(key, ref hint);
    }

    /// <summary>
    /// The value at <paramref name="hint"/> when the key there is <paramref name="key"/> (the same
    /// string object); a null reference otherwise. The dispatch loop's per-site fast path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref readonly Value EntryAt(int hint, string key)
    {
        // _count never exceeds the arrays' length, so the checks the arrays would repeat are left out.
        if ((uint)hint < (uint)_count && ReferenceEquals(Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_keys), hint), key))
        {
            return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_values), hint);
        }

        return ref Unsafe.NullRef<Value>();
    }

    private Value GetAndHint(string key, ref int hint)
    {
        var index = Find(key);
        if (index < 0)
        {
            return Value.Nil;
        }

        hint = index;
        return _values[index];
    }

    /// <summary>A new dict with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public HarnDict With(string key, Value value)
    {
        EnsureOrdered();
        var index = IndexOf(key);
        if (index >= 0)
        {
            var values = _values.AsSpan(0, _count).ToArray();
            values[index] = value;
            return new HarnDict(_count == _keys.Length ? _keys : _keys[.._count], values);
        }

        var insert = ~index;
        var newKeys = new string[_count + 1];
        var newValues = new Value[_count + 1];
        Array.Copy(_keys, 0, newKeys, 0, insert);
        Array.Copy(_values, 0, newValues, 0, insert);
        newKeys[insert] = key;
        newValues[insert] = value;
        Array.Copy(_keys, insert, newKeys, insert + 1, _count - insert);
        Array.Copy(_values, insert, newValues, insert + 1, _count - insert);
        return new HarnDict(newKeys, newValues);
    }

    /// <summary>
    /// <c>d[key] = value</c> on the variable holding this dict: in place when the variable owns
    /// it, else on a copy that it will own. Returns the dict the variable holds afterwards.
    /// </summary>
    internal HarnDict SetOwned(string key, Value value)
    {
        var target = Owned ? this : OwnedCopy();
        target.SetInPlace(key, value);
        return target;
    }

    /// <summary>The variable hands this dict out: it stops being owned and is put in order.</summary>
    internal void Release()
    {
        EnsureOrdered();
        Owned = false;
    }

    private HarnDict OwnedCopy()
    {
        EnsureOrdered();
        var capacity = Math.Max(4, _count * 2);
        var keys = new string[capacity];
        var values = new Value[capacity];
        Array.Copy(_keys, keys, _count);
        Array.Copy(_values, values, _count);
        return new HarnDict(keys, values, _count) { Owned = true };
    }

    private void SetInPlace(string key, Value value)
    {
        var index = Find(key);
        if (index >= 0)
        {
            _values[index] = value;
            return;
        }

        if (_count == _keys.Length)
        {
            var capacity = Math.Max(4, _count * 2);
            Array.Resize(ref _keys, capacity);
            Array.Resize(ref _values, capacity);
        }

        _keys[_count] = key;
        _values[_count] = value;
        if (_appendedIndex is not null)
        {
            _appendedIndex[key] = _count;
        }
        else if (_count + 1 - _ordered > AppendedScanLimit)
        {
            _appendedIndex = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = _ordered; i <= _count; i++)
            {
                _appendedIndex[_keys[i]] = i;
            }
        }

        _count++;
    }

    /// <summary>Merges appended keys into order (a no-op for every dict but an owned one that grew).</summary>
    private void EnsureOrdered()
    {
        if (_ordered == _count)
        {
            return;
        }

        var appended = _count - _ordered;
        Array.Sort(_keys, _values, _ordered, appended, KeyComparer.Instance);
        if (_ordered > 0 && KeyComparer.Instance.Compare(_keys[_ordered - 1], _keys[_ordered]) > 0)
        {
            // Merge from the back: the appended run is moved aside, the ordered run slides up.
            var tailKeys = _keys.AsSpan(_ordered, appended).ToArray();
            var tailValues = _values.AsSpan(_ordered, appended).ToArray();
            int left = _ordered - 1, right = appended - 1, write = _count - 1;
            while (right >= 0)
            {
                if (left >= 0 && KeyComparer.Instance.Compare(_keys[left], tailKeys[right]) > 0)
                {
                    _keys[write] = _keys[left];
                    _values[write--] = _values[left--];
                }
                else
                {
                    _keys[write] = tailKeys[right];
                    _values[write--] = tailValues[right--];
                }
            }
        }

        _ordered = _count;
        _appendedIndex = null;
    }

    /// <summary>A new dict with the entries of both; on a shared key <paramref name="right"/>'s value wins. Linear: both are in order.</summary>
    public HarnDict Merge(HarnDict right)
    {
        if (right._count == 1)
        {
            return With(right.Keys[0], right._values[0]);
        }

        var leftKeys = Keys;
        var leftValues = Values;
        var rightKeys = right.Keys;
        var rightValues = right.Values;
        var keys = new string[leftKeys.Length + rightKeys.Length];
        var values = new Value[keys.Length];
        int l = 0, r = 0, count = 0;
        while (l < leftKeys.Length || r < rightKeys.Length)
        {
            var order = l == leftKeys.Length ? 1 : r == rightKeys.Length ? -1 : KeyComparer.Instance.Compare(leftKeys[l], rightKeys[r]);
            if (order < 0)
            {
                keys[count] = leftKeys[l];
                values[count++] = leftValues[l++];
                continue;
            }

            l += order == 0 ? 1 : 0;
            keys[count] = rightKeys[r];
            values[count++] = rightValues[r++];
        }

        return new HarnDict(keys, values, count);
    }

    /// <summary>A new dict without <paramref name="key"/> (this one if it is absent).</summary>
    public HarnDict Without(string key)
    {
        EnsureOrdered();
        var index = IndexOf(key);
        if (index < 0)
        {
            return this;
        }

        var newKeys = new string[_count - 1];
        var newValues = new Value[_count - 1];
        Array.Copy(_keys, 0, newKeys, 0, index);
        Array.Copy(_values, 0, newValues, 0, index);
        Array.Copy(_keys, index + 1, newKeys, index, _count - index - 1);
        Array.Copy(_values, index + 1, newValues, index, _count - index - 1);
        return new HarnDict(newKeys, newValues);
    }

    /// <summary>Most dicts are this small: a scan comparing lengths first beats a binary search of ordered compares.</summary>
    private const int ScanLimit = 8;

    /// <summary>Index of <paramref name="key"/>, or -1.</summary>
    private int Find(string key)
    {
        var index = FindOrdered(key);
        return index >= 0 || _ordered == _count ? index : FindAppended(key);
    }

    private int FindOrdered(string key)
    {
        var keys = _keys;
        if (_ordered > ScanLimit)
        {
            var index = IndexOf(key);
            return index >= 0 ? index : -1;
        }

        for (var i = 0; i < _ordered; i++)
        {
            var candidate = keys[i];
            if (ReferenceEquals(candidate, key) || (candidate.Length == key.Length && string.Equals(candidate, key, StringComparison.Ordinal)))
            {
                return i;
            }
        }

        return -1;
    }

    private int FindAppended(string key)
    {
        if (_appendedIndex is not null)
        {
            return _appendedIndex.TryGetValue(key, out var position) ? position : -1;
        }

        for (var i = _ordered; i < _count; i++)
        {
            if (string.Equals(_keys[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Index of <paramref name="key"/>, or the bitwise complement of where it would be inserted.</summary>
    private int IndexOf(string key)
    {
        var keys = _keys;
        var low = 0;
        var high = _ordered - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var order = KeyComparer.Instance.Compare(keys[middle], key);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }

    public IEnumerator<KeyValuePair<string, Value>> GetEnumerator()
    {
        EnsureOrdered();
        for (var i = 0; i < _count; i++)
        {
            yield return new KeyValuePair<string, Value>(_keys[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Orders strings by their UTF-8 bytes (code point order), as upstream's BTreeMap does.</summary>
    public sealed class KeyComparer : IComparer<string>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null)
            {
                return -1;
            }

            if (y is null)
            {
                return 1;
            }

            var length = Math.Min(x.Length, y.Length);
            for (var i = 0; i < length; i++)
            {
                var a = x[i];
                var b = y[i];
                if (a == b)
                {
                    continue;
                }

                // Surrogates encode code points above U+FFFF, which sort after every BMP char.
                var aSurrogate = char.IsSurrogate(a);
                var bSurrogate = char.IsSurrogate(b);
                if (aSurrogate != bSurrogate)
                {
                    return aSurrogate ? 1 : -1;
                }

                return a < b ? -1 : 1;
            }

            return x.Length.CompareTo(y.Length);
        }
    }
}
