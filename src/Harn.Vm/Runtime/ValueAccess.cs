namespace Harn.Runtime;

/// <summary>Subscripts (<c>v[i]</c>), slices (<c>v[a:b]</c>), membership (<c>x in v</c>) and the copy-on-write updates behind <c>v[i] = x</c> and <c>v.p = x</c>.</summary>
public static class ValueAccess
{
    /// <summary><c>target[index]</c>.</summary>
    public static Value Index(Value target, Value index)
    {
        if (target.Kind == ValueKind.List && index.Kind == ValueKind.Int)
        {
            var list = target.AsList;
            var i = index.AsInt;
            if (i < 0)
            {
                i += list.Count;
            }

            return i >= 0 && i < list.Count ? list[(int)i] : Value.Nil;
        }

        return IndexSlow(target, index);
    }

    private static Value IndexSlow(Value target, Value index)
    {
        switch (target.Kind)
        {
            case ValueKind.Dict:
                return target.AsDict.Get(DictKey(index));
            case ValueKind.String when index.Kind == ValueKind.Int:
                {
                    var text = target.AsString;
                    var length = RuneText.Length(text);
                    var i = index.AsInt < 0 ? index.AsInt + length : index.AsInt;
                    return i >= 0 && i < length ? Value.FromString(RuneText.At(text, (int)i)) : Value.Nil;
                }

            case ValueKind.Range when index.Kind == ValueKind.Int:
                {
                    var range = target.As<HarnRange>();
                    var length = range.Length;
                    var i = index.AsInt < 0 ? index.AsInt + length : index.AsInt;
                    if (i < 0 || i >= length)
                    {
                        throw RuntimeErrors.Runtime($"range index out of range: index {index.AsInt} for range of length {length}");
                    }

                    return Value.FromInt(range.ElementAt(i));
                }

            case ValueKind.Struct when index.Kind == ValueKind.String:
                return target.As<HarnStruct>().Get(index.AsString);
            default:
                throw RuntimeErrors.Type($"cannot index into {TypeNames.Of(target)} with {TypeNames.Of(index)}");
        }
    }

    /// <summary>Dict keys are the display text of the subscript (<c>d[1]</c> is <c>d["1"]</c>).</summary>
    public static string DictKey(Value key) => key.Kind == ValueKind.String ? key.AsString : ValueFormatter.Display(key);

    /// <summary><c>target[start:end]</c> on lists and strings; nil bounds mean the ends, negatives count from the end.</summary>
    public static Value Slice(Value target, Value start, Value end)
    {
        if (target.Kind is not (ValueKind.List or ValueKind.String))
        {
            throw RuntimeErrors.Type($"cannot slice {TypeNames.Of(target)}");
        }

        if (!start.IsNil && start.Kind != ValueKind.Int)
        {
            throw RuntimeErrors.Type($"slice start must be an integer, got {TypeNames.Of(start)}");
        }

        if (!end.IsNil && end.Kind != ValueKind.Int)
        {
            throw RuntimeErrors.Type($"slice end must be an integer, got {TypeNames.Of(end)}");
        }

        if (target.Kind == ValueKind.List)
        {
            var list = target.AsList;
            var (from, to) = ClampBounds(start, end, list.Count);
            return Value.FromList(from >= to ? HarnList.Empty : HarnList.Create(list.AsSpan()[from..to]));
        }

        var text = target.AsString;
        var (s, e) = ClampBounds(start, end, RuneText.Length(text));
        return Value.FromString(RuneText.Substring(text, s, e));
    }

    /// <summary>Resolves optional, possibly negative slice bounds against a length; clamped to [0, length].</summary>
    public static (int Start, int End) ClampBounds(Value start, Value end, int length)
    {
        var from = start.IsNil ? 0 : Resolve(start.AsInt, length);
        var to = end.IsNil ? length : Resolve(end.AsInt, length);
        return (from, Math.Max(from, to));
    }

    private static int Resolve(long bound, int length)
    {
        if (bound < 0)
        {
            bound += length;
        }

        return (int)Math.Clamp(bound, 0, length);
    }

    /// <summary><c>item in collection</c>.</summary>
    public static bool Contains(Value collection, Value item)
    {
        switch (collection.Kind)
        {
            case ValueKind.List:
                foreach (var element in collection.AsList.AsSpan())
                {
                    if (ValueEquality.AreEqual(element, item))
                    {
                        return true;
                    }
                }

                return false;
            case ValueKind.Set:
                foreach (var element in collection.As<HarnSet>().Items)
                {
                    if (ValueEquality.AreEqual(element, item))
                    {
                        return true;
                    }
                }

                return false;
            case ValueKind.Dict:
                return collection.AsDict.ContainsKey(DictKey(item));
            case ValueKind.String:
                return collection.AsString.Contains(ValueFormatter.Display(item), StringComparison.Ordinal);
            case ValueKind.Range:
                return item.Kind == ValueKind.Int && collection.As<HarnRange>().Contains(item.AsInt);
            default:
                return false;
        }
    }

    /// <summary>
    /// The container after <c>container[index] = value</c>, or false when the assignment is a
    /// silent no-op (neither a list nor a dict, or a list with a non-int index).
    /// </summary>
    public static bool TryWithIndex(Value container, Value index, Value value, out Value updated)
    {
        updated = container;
        switch (container.Kind)
        {
            case ValueKind.List when index.Kind == ValueKind.Int:
                {
                    var list = container.AsList;
                    updated = Value.FromList(list.SetItem(UpdateIndex(list, index.AsInt), value));
                    return true;
                }

            case ValueKind.Dict:
                updated = Value.FromDict(container.AsDict.With(DictKey(index), value));
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// <see cref="TryWithIndex"/> for a variable's own update (see <see cref="VariableOwnership"/>):
    /// a list or dict the variable owns changes in place; any other becomes a copy it owns.
    /// </summary>
    public static bool TryWithIndexOwned(Value container, Value index, Value value, out Value updated)
    {
        switch (container.Kind)
        {
            case ValueKind.List when index.Kind == ValueKind.Int:
                {
                    var list = container.AsList;
                    var position = UpdateIndex(list, index.AsInt);
                    if (list.Owned)
                    {
                        list.SetInPlace(position, value);
                        updated = container;
                        return true;
                    }

                    var copy = list.SetItem(position, value);
                    copy.Owned = true;
                    updated = Value.FromList(copy);
                    return true;
                }

            case ValueKind.Dict:
                updated = Value.FromDict(container.AsDict.SetOwned(DictKey(index), value));
                return true;
            default:
                return TryWithIndex(container, index, value, out updated);
        }
    }

    /// <summary>
    /// <c>a + b</c> for an update of the variable holding <paramref name="left"/>: a dict merges
    /// the other dict's entries in place when the variable owns it (else into a copy it will own),
    /// so a loop of <c>d = d + {k: v}</c> costs each entry once instead of a copy of the whole dict.
    /// Anything else adds as <c>+</c> does, after releasing <paramref name="left"/>.
    /// </summary>
    public static Value AddOwned(Value left, Value right)
    {
        if (left.Kind == ValueKind.Dict && right.Kind == ValueKind.Dict)
        {
            var merged = left.AsDict;
            foreach (var (key, value) in right.AsDict)
            {
                merged = merged.SetOwned(key, value);
            }

            return Value.FromDict(merged);
        }

        VariableOwnership.Release(left);
        return Arithmetic.Add(left, right);
    }

    /// <summary>The element <c>list[index] = v</c> replaces (negative counts from the end), or the out-of-bounds error.</summary>
    private static int UpdateIndex(HarnList list, long index)
    {
        var i = index < 0 ? index + list.Count : index;
        if (i < 0 || i >= list.Count)
        {
            throw RuntimeErrors.Runtime($"Index {index} out of bounds for list of length {list.Count}");
        }

        return (int)i;
    }

    /// <summary><see cref="WithProperty"/> for a variable's own update: an owned dict changes in place.</summary>
    public static Value WithPropertyOwned(Value container, string name, Value value) =>
        container.Kind == ValueKind.Dict ? Value.FromDict(container.AsDict.SetOwned(name, value)) : WithProperty(container, name, value);

    /// <summary>The container after <c>container.name = value</c> (dicts and structs).</summary>
    public static Value WithProperty(Value container, string name, Value value) => container.Kind switch
    {
        ValueKind.Dict => Value.FromDict(container.AsDict.With(name, value)),
        ValueKind.Struct => Value.FromObject(ValueKind.Struct, container.As<HarnStruct>().With(name, value)),
        _ => throw RuntimeErrors.Type($"cannot set property `{name}` on {TypeNames.Of(container)}"),
    };
}
