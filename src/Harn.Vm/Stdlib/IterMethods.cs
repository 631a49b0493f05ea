using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>Methods of the lazy iter value: combinators return a new iter, sinks drain it.</summary>
internal static class IterMethods
{
    public static Value Invoke(BuiltinContext context, HarnIter iter, string name, ReadOnlySpan<Value> args)
    {
        var arg = Args.At(args, 0);
        var source = new IterDrain(iter);
        switch (name)
        {
            case "iter":
                return Value.FromObject(ValueKind.Iter, iter);
            case "map":
                return HarnIter.Create(IterAdapters.Map(source, arg));
            case "filter":
                return HarnIter.Create(IterAdapters.Filter(source, arg));
            case "tap" or "inspect":
                return HarnIter.Create(IterAdapters.Tap(source, arg));
            case "flat_map":
                return HarnIter.Create(IterAdapters.FlatMap(source, arg));
            case "take":
                return HarnIter.Create(IterAdapters.Take(source, Args.Int(args, 0, "take")));
            case "skip":
                return HarnIter.Create(IterAdapters.Skip(source, Args.Int(args, 0, "skip")));
            case "take_while":
                return HarnIter.Create(IterAdapters.TakeWhile(source, arg));
            case "skip_while":
                return HarnIter.Create(IterAdapters.SkipWhile(source, arg));
            case "zip":
                return HarnIter.Create(IterAdapters.Zip(source, Lifted(arg)));
            case "enumerate":
                return HarnIter.Create(IterAdapters.Enumerate(source));
            case "chain":
                return HarnIter.Create(IterAdapters.Chain(source, Lifted(arg)));
            case "chunks":
                return HarnIter.Create(IterAdapters.Chunks(source, PositiveSize(args, name)));
            case "windows":
                return HarnIter.Create(IterAdapters.Windows(source, PositiveSize(args, name)));
            case "scan":
                return HarnIter.Create(IterAdapters.Scan(source, arg, Args.At(args, 1)));
            case "to_list" or "collect":
                return Value.FromList(iter.Drain(context));
            case "to_set":
                return HarnSet.ToValue(HarnSet.Create(iter.Drain(context)));
            case "to_dict":
                return Value.FromDict(ToDict(iter.Drain(context)));
            case "count":
                {
                    long count = 0;
                    while (iter.TryNext(context, out _))
                    {
                        count++;
                    }

                    return Value.FromInt(count);
                }

            case "first":
                return iter.TryNext(context, out var first) ? first : Value.Nil;
            case "last":
                {
                    var last = Value.Nil;
                    while (iter.TryNext(context, out var item))
                    {
                        last = item;
                    }

                    return last;
                }

            case "any":
                while (iter.TryNext(context, out var item))
                {
                    if (Callbacks.Test(context, arg, item))
                    {
                        return Value.True;
                    }
                }

                return Value.False;
            case "all" or "every":
                while (iter.TryNext(context, out var item))
                {
                    if (!Callbacks.Test(context, arg, item))
                    {
                        return Value.False;
                    }
                }

                return Value.True;
            case "find":
                while (iter.TryNext(context, out var item))
                {
                    if (Callbacks.Test(context, arg, item))
                    {
                        return item;
                    }
                }

                return Value.Nil;
            case "for_each":
                while (iter.TryNext(context, out var item))
                {
                    Callbacks.Call(context, arg, item);
                }

                return Value.Nil;
            case "sum" or "min" or "max" or "reduce" or "fold" or "join" or "sort" or "sort_by" or "min_by" or "max_by" or "none" or "unique":
                return ListMethods.Invoke(context, iter.Drain(context), name, args);
            default:
                return Value.Nil;
        }
    }

    /// <summary>The other operand of <c>zip</c>/<c>chain</c>, lifted like <c>iter(x)</c>.</summary>
    private static HarnIterator Lifted(Value value) => new IterDrain(HarnIter.Lift(value).As<HarnIter>());

    private static int PositiveSize(ReadOnlySpan<Value> args, string method)
    {
        var size = Args.Int(args, 0, method);
        return size is > 0 and <= int.MaxValue ? (int)size : throw RuntimeErrors.Runtime($"{method}: size must be a positive integer");
    }

    private static HarnDict ToDict(HarnList items)
    {
        var entries = new List<KeyValuePair<string, Value>>(items.Count);
        foreach (var item in items)
        {
            switch (item.Kind)
            {
                case ValueKind.Pair:
                    entries.Add(new(ValueAccess.DictKey(item.As<HarnPair>().First), item.As<HarnPair>().Second));
                    break;
                case ValueKind.List when item.AsList.Count >= 2:
                    entries.Add(new(ValueAccess.DictKey(item.AsList[0]), item.AsList[1]));
                    break;
                default:
                    throw RuntimeErrors.Type($"to_dict: expected pair items, got {TypeNames.Of(item)}");
            }
        }

        return HarnDict.FromEntries(entries);
    }

    /// <summary>Pulls from an iter value as an upstream iterator of an adapter.</summary>
    private sealed class IterDrain(HarnIter iter) : HarnIterator
    {
        public override bool MoveNext(BuiltinContext context, out Value item) => iter.TryNext(context, out item);
    }
}
