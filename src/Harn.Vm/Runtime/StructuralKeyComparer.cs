namespace Harn.Runtime;

/// <summary>
/// Identity of a value as a set element or <c>unique()</c> key: same kind and same structure.
/// Unlike <c>==</c>, <c>1</c> and <c>1.0</c> are different keys (upstream hashes a typed key).
/// Values without structure (closures, handles) are keyed by reference.
/// </summary>
public sealed class StructuralKeyComparer : IEqualityComparer<Value>
{
    public static readonly StructuralKeyComparer Instance = new();

    public bool Equals(Value x, Value y) => KeyEquals(x, y, 0);

    public int GetHashCode(Value obj) => Hash(obj, 0);

    private static bool KeyEquals(Value x, Value y, int depth)
    {
        NestingLimit.Check(depth);
        if (x.Kind != y.Kind)
        {
            return false;
        }

        switch (x.Kind)
        {
            case ValueKind.Float:
                return x.AsFloat.Equals(y.AsFloat);
            case ValueKind.Int or ValueKind.Bool or ValueKind.Duration:
                return x.AsInt == y.AsInt;
            case ValueKind.List:
                return SequenceEquals(x.AsList.AsSpan(), y.AsList.AsSpan(), depth);
            case ValueKind.Dict:
                {
                    var a = x.AsDict;
                    var b = y.AsDict;
                    return a.Keys.SequenceEqual(b.Keys) && SequenceEquals(a.Values, b.Values, depth);
                }

            case ValueKind.Set:
                return SequenceEquals(x.As<HarnSet>().Items, y.As<HarnSet>().Items, depth);
            case ValueKind.Pair:
                {
                    var a = x.As<HarnPair>();
                    var b = y.As<HarnPair>();
                    return KeyEquals(a.First, b.First, depth + 1) && KeyEquals(a.Second, b.Second, depth + 1);
                }

            case ValueKind.EnumVariant:
                {
                    var a = x.As<HarnEnumVariant>();
                    var b = y.As<HarnEnumVariant>();
                    return a.EnumName == b.EnumName && a.Variant == b.Variant && SequenceEquals(a.Fields.AsSpan(), b.Fields.AsSpan(), depth);
                }

            case ValueKind.String or ValueKind.Bytes or ValueKind.Range or ValueKind.Struct or ValueKind.Builtin or ValueKind.Nil:
                return ValueEquality.AreEqual(x, y);
            default:
                return ReferenceEquals(x.Ref, y.Ref);
        }
    }

    private static bool SequenceEquals(ReadOnlySpan<Value> a, ReadOnlySpan<Value> b, int depth)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (!KeyEquals(a[i], b[i], depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private static int Hash(Value value, int depth)
    {
        NestingLimit.Check(depth);
        switch (value.Kind)
        {
            case ValueKind.Nil:
                return 0;
            case ValueKind.Int or ValueKind.Bool or ValueKind.Duration or ValueKind.Float:
                return HashCode.Combine(value.Kind, value.Bits);
            case ValueKind.String:
                return HashCode.Combine(value.Kind, string.GetHashCode(value.AsString, StringComparison.Ordinal));
            case ValueKind.List:
                return HashSequence(value.Kind, value.AsList.AsSpan(), depth);
            case ValueKind.Dict:
                return HashSequence(value.Kind, value.AsDict.Values, depth) ^ value.AsDict.Count;
            case ValueKind.Set:
                return HashSequence(value.Kind, value.As<HarnSet>().Items, depth);
            case ValueKind.Pair:
                return HashCode.Combine(value.Kind, Hash(value.As<HarnPair>().First, depth + 1), Hash(value.As<HarnPair>().Second, depth + 1));
            case ValueKind.EnumVariant:
                {
                    var e = value.As<HarnEnumVariant>();
                    return HashCode.Combine(e.EnumName, e.Variant, HashSequence(value.Kind, e.Fields.AsSpan(), depth));
                }

            case ValueKind.Range:
                {
                    var r = value.As<HarnRange>();
                    return HashCode.Combine(r.Start, r.End, r.Inclusive);
                }

            case ValueKind.Bytes:
                return HashCode.Combine(value.Kind, value.As<byte[]>().Length);
            case ValueKind.Struct:
                return HashCode.Combine(value.Kind, value.As<HarnStruct>().Name);
            case ValueKind.Builtin:
                return HashCode.Combine(value.Kind, value.As<Builtin>().Name);
            default:
                return value.Ref is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(value.Ref);
        }
    }

    private static int HashSequence(ValueKind kind, ReadOnlySpan<Value> items, int depth)
    {
        var hash = new HashCode();
        hash.Add(kind);
        foreach (var item in items)
        {
            hash.Add(Hash(item, depth + 1));
        }

        return hash.ToHashCode();
    }
}
