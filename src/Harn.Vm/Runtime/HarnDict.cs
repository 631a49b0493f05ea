using System.Collections;
using System.Runtime.CompilerServices;

namespace Harn.Runtime;

/// <summary>
/// A Harn dict: string keys kept in ordinal (UTF-8 byte) order, value semantics like
/// <see cref="HarnList"/>. Small dicts dominate Harn programs, so this is two sorted arrays
/// searched by binary search; every change builds a new dict.
/// </summary>
public sealed class HarnDict : IReadOnlyCollection<KeyValuePair<string, Value>>
{
    public static readonly HarnDict Empty = new(Array.Empty<string>(), Array.Empty<Value>());

    private readonly string[] _keys;
    private readonly Value[] _values;

    private HarnDict(string[] keys, Value[] values)
    {
        _keys = keys;
        _values = values;
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

    public int Count => _keys.Length;

    public ReadOnlySpan<string> Keys => _keys;

    public ReadOnlySpan<Value> Values => _values;

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
        var keys = _keys;
        var index = hint;
        if ((uint)index < (uint)keys.Length)
        {
            var candidate = keys[index];
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
        var keys = _keys;
        if ((uint)hint < (uint)keys.Length && ReferenceEquals(keys[hint], key))
        {
            return ref _values[hint];
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
        var index = IndexOf(key);
        if (index >= 0)
        {
            var values = (Value[])_values.Clone();
            values[index] = value;
            return new HarnDict(_keys, values);
        }

        var insert = ~index;
        var newKeys = new string[_keys.Length + 1];
        var newValues = new Value[_keys.Length + 1];
        Array.Copy(_keys, 0, newKeys, 0, insert);
        Array.Copy(_values, 0, newValues, 0, insert);
        newKeys[insert] = key;
        newValues[insert] = value;
        Array.Copy(_keys, insert, newKeys, insert + 1, _keys.Length - insert);
        Array.Copy(_values, insert, newValues, insert + 1, _keys.Length - insert);
        return new HarnDict(newKeys, newValues);
    }

    /// <summary>A new dict without <paramref name="key"/> (this one if it is absent).</summary>
    public HarnDict Without(string key)
    {
        var index = IndexOf(key);
        if (index < 0)
        {
            return this;
        }

        var newKeys = new string[_keys.Length - 1];
        var newValues = new Value[_keys.Length - 1];
        Array.Copy(_keys, 0, newKeys, 0, index);
        Array.Copy(_values, 0, newValues, 0, index);
        Array.Copy(_keys, index + 1, newKeys, index, _keys.Length - index - 1);
        Array.Copy(_values, index + 1, newValues, index, _keys.Length - index - 1);
        return new HarnDict(newKeys, newValues);
    }

    /// <summary>Most dicts are this small: a scan comparing lengths first beats a binary search of ordered compares.</summary>
    private const int ScanLimit = 8;

    /// <summary>Index of <paramref name="key"/>, or -1.</summary>
    private int Find(string key)
    {
        var keys = _keys;
        if (keys.Length > ScanLimit)
        {
            var index = IndexOf(key);
            return index >= 0 ? index : -1;
        }

        for (var i = 0; i < keys.Length; i++)
        {
            var candidate = keys[i];
            if (ReferenceEquals(candidate, key) || (candidate.Length == key.Length && string.Equals(candidate, key, StringComparison.Ordinal)))
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
        var high = keys.Length - 1;
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
        for (var i = 0; i < _keys.Length; i++)
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
