using System.Runtime.CompilerServices;

namespace Harn.Runtime;

/// <summary>
/// Harn's ordering (<c>&lt; &gt; &lt;= &gt;=</c>, <c>sort</c>, <c>min</c>/<c>max</c>): numbers (int and
/// float mixed), strings in code point order, pairs lexicographically. Every other combination
/// compares as equal, so <c>&lt;</c> is false and <c>&lt;=</c> true.
/// </summary>
public sealed class ValueComparer : IComparer<Value>
{
    public static readonly ValueComparer Instance = new();

    int IComparer<Value>.Compare(Value x, Value y) => Compare(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Compare(Value a, Value b)
    {
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
        {
            return a.AsInt.CompareTo(b.AsInt);
        }

        return CompareSlow(a, b, 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Less(Value a, Value b) =>
        a.Kind == ValueKind.Int && b.Kind == ValueKind.Int ? a.AsInt < b.AsInt : CompareSlow(a, b, 0) < 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Greater(Value a, Value b) =>
        a.Kind == ValueKind.Int && b.Kind == ValueKind.Int ? a.AsInt > b.AsInt : CompareSlow(a, b, 0) > 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool LessOrEqual(Value a, Value b) =>
        a.Kind == ValueKind.Int && b.Kind == ValueKind.Int ? a.AsInt <= b.AsInt : CompareSlow(a, b, 0) <= 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool GreaterOrEqual(Value a, Value b) =>
        a.Kind == ValueKind.Int && b.Kind == ValueKind.Int ? a.AsInt >= b.AsInt : CompareSlow(a, b, 0) >= 0;

    private static int CompareSlow(Value a, Value b, int depth)
    {
        NestingLimit.Check(depth);
        switch (a.Kind)
        {
            case ValueKind.Int when b.Kind == ValueKind.Int:
                return a.AsInt.CompareTo(b.AsInt);
            case ValueKind.Float when b.Kind == ValueKind.Float:
                return CompareFloats(a.AsFloat, b.AsFloat);
            case ValueKind.Int or ValueKind.Float when b.Kind is ValueKind.Int or ValueKind.Float:
                return CompareFloats(a.AsNumber, b.AsNumber);
            case ValueKind.String when b.Kind == ValueKind.String:
                return Math.Sign(HarnDict.KeyComparer.Instance.Compare(a.AsString, b.AsString));
            case ValueKind.Pair when b.Kind == ValueKind.Pair:
                {
                    var x = a.As<HarnPair>();
                    var y = b.As<HarnPair>();
                    var first = CompareSlow(x.First, y.First, depth + 1);
                    return first != 0 ? first : CompareSlow(x.Second, y.Second, depth + 1);
                }

            default:
                return 0;
        }
    }

    /// <summary>NaN is unordered: it compares equal to everything, as upstream's fallback does.</summary>
    private static int CompareFloats(double x, double y) => x < y ? -1 : x > y ? 1 : 0;
}
