namespace Harn.Runtime;

/// <summary>
/// A cursor over the items of a value, as <c>for x in v</c> sees them. Lists and sets yield
/// their elements, dicts one <c>{key, value}</c> dict per entry (sorted by key), ranges their
/// ints, iters and pull sources (generators, streams, channels) whatever they produce; any
/// other value, strings included, yields nothing.
/// </summary>
public abstract class HarnIterator
{
    /// <summary>An iterator that is already finished.</summary>
    public static readonly HarnIterator Empty = new EmptyIterator();

    /// <summary>Advances; false when there are no more items. May call back into Harn through <paramref name="context"/>.</summary>
    public abstract bool MoveNext(BuiltinContext context, out Value item);

    /// <summary>The iterator a <c>for</c> loop uses for <paramref name="value"/>.</summary>
    public static HarnIterator Create(Value value) => value.Kind switch
    {
        ValueKind.List => new ListIterator(value.AsList),
        ValueKind.Set => new SpanIterator(value.As<HarnSet>().Items.ToArray()),
        ValueKind.Dict => new DictEntryIterator(value.AsDict),
        ValueKind.Range => new RangeIterator(value.As<HarnRange>()),
        ValueKind.Iter => new IterDrainIterator(value.As<HarnIter>()),
        _ when value.Ref is IHarnPullSource source => new PullSourceIterator(source),
        _ => Empty,
    };

    /// <summary>
    /// The items <c>iter(value)</c> yields: like <see cref="Create"/> but dicts yield
    /// <c>Pair(key, value)</c> and strings their characters; null when the value is not iterable.
    /// </summary>
    public static HarnIterator? ForIter(Value value) => value.Kind switch
    {
        ValueKind.List or ValueKind.Set or ValueKind.Range or ValueKind.Iter => Create(value),
        ValueKind.Dict => new DictPairIterator(value.AsDict),
        ValueKind.String => new SpanIterator(StringChars(value.AsString)),
        _ when value.Ref is IHarnPullSource source => new PullSourceIterator(source),
        _ => null,
    };

    /// <summary>The characters (Unicode scalar values) of <paramref name="text"/> as one-char strings.</summary>
    public static Value[] StringChars(string text)
    {
        var chars = new List<Value>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            chars.Add(Value.FromString(rune.ToString()));
        }

        return chars.ToArray();
    }

    private sealed class EmptyIterator : HarnIterator
    {
        public override bool MoveNext(BuiltinContext context, out Value item)
        {
            item = Value.Nil;
            return false;
        }
    }
}
