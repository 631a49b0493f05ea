using System.Runtime.CompilerServices;

namespace Harn.Runtime;

/// <summary>
/// Harn's <c>==</c>: structural equality within a type, int and float compared numerically.
/// Closures, channels, generators and other handles are never equal; durations have no
/// equality either (upstream quirk, kept).
/// </summary>
public static class ValueEquality
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AreEqual(Value a, Value b)
    {
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
        {
            return a.AsInt == b.AsInt;
        }

        if (a.Kind == ValueKind.Float && b.Kind == ValueKind.Float)
        {
            return a.AsFloat == b.AsFloat;
        }

        if (a.Kind == ValueKind.String && b.Kind == ValueKind.String)
        {
            return string.Equals(a.AsString, b.AsString, StringComparison.Ordinal);
        }

        return AreEqualSlow(a, b, 0);
    }

    private static bool AreEqualSlow(Value a, Value b, int depth)
    {
        NestingLimit.Check(depth);
        switch (a.Kind)
        {
            case ValueKind.Int when b.Kind == ValueKind.Int:
                return a.AsInt == b.AsInt;
            case ValueKind.Int or ValueKind.Float when b.Kind is ValueKind.Int or ValueKind.Float:
                return a.AsNumber == b.AsNumber;
        }

        if (a.Kind != b.Kind)
        {
            return false;
        }

        switch (a.Kind)
        {
            case ValueKind.Nil:
                return true;
            case ValueKind.Bool:
                return a.AsBool == b.AsBool;
            case ValueKind.String:
                return string.Equals(a.AsString, b.AsString, StringComparison.Ordinal);
            case ValueKind.Bytes:
                return a.As<byte[]>().AsSpan().SequenceEqual(b.As<byte[]>());
            case ValueKind.List:
                return ListsEqual(a.AsList, b.AsList, depth);
            case ValueKind.Dict:
                return DictsEqual(a.AsDict, b.AsDict, depth);
            case ValueKind.Set:
                return SetsEqual(a.As<HarnSet>(), b.As<HarnSet>(), depth);
            case ValueKind.Pair:
                {
                    var x = a.As<HarnPair>();
                    var y = b.As<HarnPair>();
                    return AreEqualSlow(x.First, y.First, depth + 1) && AreEqualSlow(x.Second, y.Second, depth + 1);
                }

            case ValueKind.Range:
                {
                    var x = a.As<HarnRange>();
                    var y = b.As<HarnRange>();
                    return x.Start == y.Start && x.End == y.End && x.Inclusive == y.Inclusive;
                }

            case ValueKind.EnumVariant:
                {
                    var x = a.As<HarnEnumVariant>();
                    var y = b.As<HarnEnumVariant>();
                    return x.EnumName == y.EnumName && x.Variant == y.Variant && ListsEqual(x.Fields, y.Fields, depth);
                }

            case ValueKind.Struct:
                return StructsEqual(a.As<HarnStruct>(), b.As<HarnStruct>(), depth);
            case ValueKind.Builtin:
                return a.As<Builtin>().Name == b.As<Builtin>().Name;
            case ValueKind.Iter:
                return ReferenceEquals(a.Ref, b.Ref);
            case ValueKind.TaskHandle or ValueKind.Atomic or ValueKind.Object:
                // Handles that define equality (task ids, atomic values) say so through Equals.
                return a.Ref is not null && a.Ref.Equals(b.Ref);
            default:
                return false;
        }
    }

    private static bool ListsEqual(HarnList x, HarnList y, int depth)
    {
        if (x.Count != y.Count)
        {
            return false;
        }

        for (var i = 0; i < x.Count; i++)
        {
            if (!AreEqualSlow(x[i], y[i], depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private static bool DictsEqual(HarnDict x, HarnDict y, int depth)
    {
        if (x.Count != y.Count)
        {
            return false;
        }

        var xKeys = x.Keys;
        var yKeys = y.Keys;
        var xValues = x.Values;
        var yValues = y.Values;
        for (var i = 0; i < xKeys.Length; i++)
        {
            if (!string.Equals(xKeys[i], yKeys[i], StringComparison.Ordinal) || !AreEqualSlow(xValues[i], yValues[i], depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SetsEqual(HarnSet x, HarnSet y, int depth)
    {
        if (x.Count != y.Count)
        {
            return false;
        }

        foreach (var item in x.Items)
        {
            var found = false;
            foreach (var other in y.Items)
            {
                if (AreEqualSlow(item, other, depth + 1))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private static bool StructsEqual(HarnStruct x, HarnStruct y, int depth)
    {
        if (x.Name != y.Name)
        {
            return false;
        }

        var xs = x.SetFieldsSorted();
        var ys = y.SetFieldsSorted();
        if (xs.Count != ys.Count)
        {
            return false;
        }

        for (var i = 0; i < xs.Count; i++)
        {
            if (xs[i].Key != ys[i].Key || !AreEqualSlow(xs[i].Value, ys[i].Value, depth + 1))
            {
                return false;
            }
        }

        return true;
    }
}
