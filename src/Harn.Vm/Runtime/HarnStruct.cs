using System.Runtime.CompilerServices;

namespace Harn.Runtime;

/// <summary>
/// A struct instance: a layout plus one slot per field. A field may be unset (declared but not
/// given at construction); unset fields read as nil and are left out of display and equality.
/// Instances are immutable: setting a field builds a new instance.
/// </summary>
public sealed class HarnStruct : IHarnObject
{
    private readonly Value[] _values;
    private readonly bool[] _isSet;

    private HarnStruct(StructLayout layout, Value[] values, bool[] isSet)
    {
        Layout = layout;
        _values = values;
        _isSet = isSet;
    }

    public StructLayout Layout { get; }

    public string Name => Layout.Name;

    public string TypeName => "struct";

    public string Display() => ValueFormatter.Display(Value.FromObject(ValueKind.Struct, this));

    /// <summary>
    /// Builds an instance from a dict of field values. The layout is <paramref name="fieldOrder"/>
    /// (declaration order) followed by any extra dict keys.
    /// </summary>
    public static HarnStruct Create(string name, HarnDict fields, IReadOnlyList<string>? fieldOrder)
    {
        var names = new List<string>(fieldOrder ?? Array.Empty<string>());
        foreach (var key in fields.Keys)
        {
            if (!names.Contains(key))
            {
                names.Add(key);
            }
        }

        return Create(new StructLayout(name, names), fields);
    }

    /// <summary>Builds an instance of <paramref name="layout"/>; dict keys outside the layout are ignored.</summary>
    public static HarnStruct Create(StructLayout layout, HarnDict fields)
    {
        var count = layout.FieldNames.Count;
        var values = new Value[count];
        var isSet = new bool[count];
        for (var i = 0; i < count; i++)
        {
            if (fields.TryGetValue(layout.FieldNames[i], out var value))
            {
                values[i] = value;
                isSet[i] = true;
            }
        }

        return new HarnStruct(layout, values, isSet);
    }

    /// <summary>The field's value, or nil when it is unset or unknown.</summary>
    public Value Get(string field)
    {
        var index = Layout.IndexOf(field);
        return index >= 0 && _isSet[index] ? _values[index] : Value.Nil;
    }

    /// <summary>
    /// The field at <paramref name="index"/> when its name is <paramref name="field"/> (the same
    /// string object) and it is set; a null reference otherwise. The dispatch loop's per-site
    /// fast path: it remembers where a read site found its field last time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref readonly Value FieldAt(int index, string field)
    {
        var names = Layout.Names;
        if ((uint)index < (uint)names.Length && ReferenceEquals(names[index], field) && _isSet[index])
        {
            return ref _values[index];
        }

        return ref Unsafe.NullRef<Value>();
    }

    public bool TryGet(string field, out Value value)
    {
        var index = Layout.IndexOf(field);
        if (index >= 0 && _isSet[index])
        {
            value = _values[index];
            return true;
        }

        value = Value.Nil;
        return false;
    }

    /// <summary>A new instance with <paramref name="field"/> set; an unknown field extends the layout.</summary>
    public HarnStruct With(string field, Value value)
    {
        var index = Layout.IndexOf(field);
        if (index < 0)
        {
            var names = new List<string>(Layout.FieldNames) { field };
            var layout = new StructLayout(Layout.Name, names);
            var grownValues = new Value[names.Count];
            var grownSet = new bool[names.Count];
            Array.Copy(_values, grownValues, _values.Length);
            Array.Copy(_isSet, grownSet, _isSet.Length);
            grownValues[^1] = value;
            grownSet[^1] = true;
            return new HarnStruct(layout, grownValues, grownSet);
        }

        var values = (Value[])_values.Clone();
        var isSet = (bool[])_isSet.Clone();
        values[index] = value;
        isSet[index] = true;
        return new HarnStruct(Layout, values, isSet);
    }

    /// <summary>The set fields as (name, value), sorted by name (display and equality order).</summary>
    public IReadOnlyList<KeyValuePair<string, Value>> SetFieldsSorted()
    {
        var list = new List<KeyValuePair<string, Value>>(_values.Length);
        for (var i = 0; i < _values.Length; i++)
        {
            if (_isSet[i])
            {
                list.Add(new KeyValuePair<string, Value>(Layout.FieldNames[i], _values[i]));
            }
        }

        list.Sort((a, b) => HarnDict.KeyComparer.Instance.Compare(a.Key, b.Key));
        return list;
    }

    /// <summary>The set fields as a dict.</summary>
    public HarnDict ToDict() => HarnDict.FromEntries(SetFieldsSorted());
}
