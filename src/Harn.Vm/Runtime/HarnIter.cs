namespace Harn.Runtime;

/// <summary>
/// The lazy <c>iter</c> value: single-pass and fused. Combinators (<c>map</c>, <c>take</c>, ...)
/// wrap it in a new iter that pulls from this one; sinks (<c>to_list</c>, ...) drain it.
/// Displaying it never consumes items.
/// </summary>
public sealed class HarnIter : IHarnObject
{
    private HarnIterator? _source;

    public HarnIter(HarnIterator source)
    {
        _source = source;
    }

    /// <summary>True once the source has reported its end.</summary>
    public bool IsExhausted => _source is null;

    public string TypeName => "iter";

    public string Display() => IsExhausted ? "<iter (exhausted)>" : "<iter>";

    public bool TryNext(BuiltinContext context, out Value item)
    {
        if (_source is not null)
        {
            if (_source.MoveNext(context, out item))
            {
                return true;
            }

            _source = null;
        }

        item = Value.Nil;
        return false;
    }

    public static Value Create(HarnIterator source) => Value.FromObject(ValueKind.Iter, new HarnIter(source));

    /// <summary>
    /// <c>iter(value)</c>: an existing iter is returned as is; lists, dicts (pairs), sets,
    /// strings (characters), ranges and pull sources are lifted.
    /// </summary>
    public static Value Lift(Value value)
    {
        if (value.Kind == ValueKind.Iter)
        {
            return value;
        }

        var source = HarnIterator.ForIter(value)
            ?? throw RuntimeErrors.Type($"iter: value of type {TypeNames.Of(value)} is not iterable");
        return Create(source);
    }

    /// <summary>Drains the rest of the iter into a list.</summary>
    public HarnList Drain(BuiltinContext context)
    {
        var items = new List<Value>();
        while (TryNext(context, out var item))
        {
            items.Add(item);
        }

        return HarnList.Create(items);
    }
}
