using System.Runtime.CompilerServices;

namespace Harn.Runtime;

/// <summary>
/// Which values count as true in conditions: everything except false, nil, 0, 0.0, "", empty
/// bytes/list/dict/set and a zero duration. Empty ranges, closures, enums and handles are true.
/// </summary>
public static class Truthiness
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsTruthy(Value value) => value.Kind switch
    {
        ValueKind.Bool => value.AsBool,
        ValueKind.Nil => false,
        ValueKind.Int => value.AsInt != 0,
        _ => IsTruthySlow(value),
    };

    private static bool IsTruthySlow(Value value) => value.Kind switch
    {
        ValueKind.Float => value.AsFloat != 0.0,
        ValueKind.String => value.AsString.Length > 0,
        ValueKind.Duration => value.AsDurationMs != 0,
        ValueKind.Bytes => value.As<byte[]>().Length > 0,
        ValueKind.List => value.AsList.Count > 0,
        ValueKind.Dict => value.AsDict.Count > 0,
        ValueKind.Set => value.As<HarnSet>().Count > 0,
        _ => true,
    };
}
