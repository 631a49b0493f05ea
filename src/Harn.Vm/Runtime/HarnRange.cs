namespace Harn.Runtime;

/// <summary>
/// A lazy integer range (<c>a to b</c>, <c>a to b exclusive</c>, <c>range(n)</c>). It never
/// materializes its elements: length, indexing and membership are O(1). Ranges never run
/// backwards: <c>5 to 1</c> is empty.
/// </summary>
public sealed class HarnRange : IHarnObject
{
    public HarnRange(long start, long end, bool inclusive)
    {
        Start = start;
        End = end;
        Inclusive = inclusive;
    }

    public long Start { get; }

    public long End { get; }

    public bool Inclusive { get; }

    /// <summary>Number of elements, saturating at <see cref="long.MaxValue"/>.</summary>
    public long Length
    {
        get
        {
            if (Inclusive ? End < Start : End <= Start)
            {
                return 0;
            }

            // The span may overflow a long (e.g. long.MinValue to long.MaxValue): saturate.
            var span = (ulong)(End - Start);
            if (Inclusive)
            {
                span = span == ulong.MaxValue ? span : span + 1;
            }

            return span > long.MaxValue ? long.MaxValue : (long)span;
        }
    }

    public bool IsEmpty => Length == 0;

    /// <summary>The element at <paramref name="index"/> (0-based, already bounds-checked by the caller).</summary>
    public long ElementAt(long index) => unchecked(Start + index);

    public bool Contains(long value) => value >= Start && (Inclusive ? value <= End : value < End);

    public string TypeName => "range";

    public string Display() => Inclusive ? $"{Start} to {End}" : $"{Start} to {End} exclusive";

    public static Value Create(long start, long end, bool inclusive) =>
        Value.FromObject(ValueKind.Range, new HarnRange(start, end, inclusive));
}
