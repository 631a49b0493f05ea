using System.Buffers;
using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>Methods of list values. Lists are immutable: "changing" methods return a new list.</summary>
internal static class ListMethods
{
    public static Value Invoke(BuiltinContext context, HarnList list, string name, ReadOnlySpan<Value> args)
    {
        var items = list.AsSpan();
        var arg = Args.At(args, 0);
        switch (name)
        {
            case "count" or "len" or "length":
                return Value.FromInt(list.Count);
            case "empty" or "is_empty":
                return Value.FromBool(list.Count == 0);
            case "map":
                return Value.FromList(Map(context, items, arg));
            case "filter":
                return Value.FromList(Filter(context, items, arg, keep: true));
            case "reject":
                return Value.FromList(Filter(context, items, arg, keep: false));
            case "reduce" or "fold":
                return Reduce(context, items, args);
            case "find":
                foreach (var item in items)
                {
                    if (Callbacks.Test(context, arg, item))
                    {
                        return item;
                    }
                }

                return Value.Nil;
            case "find_index":
                for (var i = 0; i < items.Length; i++)
                {
                    if (Callbacks.Test(context, arg, items[i]))
                    {
                        return Value.FromInt(i);
                    }
                }

                return Value.FromInt(-1);
            case "any":
                foreach (var item in items)
                {
                    if (arg.IsNil ? Truthiness.IsTruthy(item) : Callbacks.Test(context, arg, item))
                    {
                        return Value.True;
                    }
                }

                return Value.False;
            case "all" or "every" or "all?":
                foreach (var item in items)
                {
                    if (!(arg.IsNil ? Truthiness.IsTruthy(item) : Callbacks.Test(context, arg, item)))
                    {
                        return Value.False;
                    }
                }

                return Value.True;
            case "none" or "none?":
                if (arg.IsNil)
                {
                    return Value.FromBool(list.Count == 0);
                }

                foreach (var item in items)
                {
                    if (Callbacks.Test(context, arg, item))
                    {
                        return Value.False;
                    }
                }

                return Value.True;
            case "flat_map":
                return Value.FromList(Flatten(Map(context, items, arg).AsSpan()));
            case "flatten":
                return Value.FromList(Flatten(items));
            case "sort":
                return Value.FromList(new HarnList(Callbacks.StableSort(context, items, Args.IsCallable(arg) ? arg : Value.Nil)));
            case "sort_by":
                return Value.FromList(new HarnList(Callbacks.StableSort(context, items, arg)));
            case "reverse":
                {
                    var reversed = items.ToArray();
                    Array.Reverse(reversed);
                    return Value.FromList(new HarnList(reversed));
                }

            case "join":
                return Value.FromString(Strings.JoinDisplay(items, arg.IsNil ? string.Empty : ValueFormatter.Display(arg)));
            case "contains" or "includes":
                return Value.FromBool(ValueAccess.Contains(Value.FromList(list), arg));
            case "index_of":
                for (var i = 0; i < items.Length; i++)
                {
                    if (ValueEquality.AreEqual(items[i], arg))
                    {
                        return Value.FromInt(i);
                    }
                }

                return Value.FromInt(-1);
            case "enumerate":
                return Value.FromList(Enumerate(items));
            case "zip":
                return Value.FromList(Zip(items, Strings.ItemsOf(arg)));
            case "slice":
                return ValueAccess.Slice(Value.FromList(list), arg, Args.At(args, 1));
            case "unique" or "uniq" or "dedup":
                return Value.FromList(HarnSet.Create(list).ToList());
            case "take":
                return Value.FromList(HarnList.Create(items[..(int)Math.Clamp(Args.Int(args, 0, "take"), 0, items.Length)]));
            case "skip" or "drop":
                return Value.FromList(HarnList.Create(items[(int)Math.Clamp(Args.Int(args, 0, "skip"), 0, items.Length)..]));
            case "sum":
                return Callbacks.Sum(list);
            case "min":
                return Callbacks.Extreme(context, items, Value.Nil, max: false);
            case "max":
                return Callbacks.Extreme(context, items, Value.Nil, max: true);
            case "min_by":
                return Callbacks.Extreme(context, items, arg, max: false);
            case "max_by":
                return Callbacks.Extreme(context, items, arg, max: true);
            case "push" or "append":
                return Value.FromList(list.Append(arg));
            case "pop":
                return Value.FromList(list.Count == 0 ? list : HarnList.Create(items[..^1]));
            case "first":
                return arg.IsNil ? (list.Count > 0 ? items[0] : Value.Nil) : Value.FromList(HarnList.Create(items[..Clamp(arg, items.Length)]));
            case "last":
                return arg.IsNil ? (list.Count > 0 ? items[^1] : Value.Nil) : Value.FromList(HarnList.Create(items[(items.Length - Clamp(arg, items.Length))..]));
            case "partition":
                {
                    var yes = Filter(context, items, arg, keep: true);
                    var no = Filter(context, items, arg, keep: false);
                    return Value.FromList(new HarnList([Value.FromList(yes), Value.FromList(no)]));
                }

            case "group_by":
                return Value.FromDict(GroupBy(context, items, arg));
            case "chunk" or "each_slice" or "chunks":
                return Value.FromList(Chunk(items, Args.Int(args, 0, name), Args.Int(args, 0, name)));
            case "window" or "each_cons" or "sliding_window" or "windows":
                return Value.FromList(Window(items, Args.Int(args, 0, name), 1));
            case "compact":
                return Value.FromList(HarnList.Create(list.Where(x => !x.IsNil)));
            case "tally":
                return Value.FromDict(Tally(items));
            case "for_each" or "each":
                foreach (var item in items)
                {
                    Callbacks.Call(context, arg, item);
                }

                return Value.Nil;
            case "iter":
                return HarnIter.Lift(Value.FromList(list));
            case "to_list":
                return Value.FromList(list);
            case "to_set":
                return HarnSet.ToValue(HarnSet.Create(list));
            case "insert":
                {
                    var at = (int)Math.Clamp(Args.Int(args, 0, "insert"), 0, items.Length);
                    var inserted = new List<Value>(list);
                    inserted.Insert(at, Args.At(args, 1));
                    return Value.FromList(HarnList.Create(inserted));
                }

            case "remove_at":
                {
                    var at = Args.Int(args, 0, "remove_at");
                    if (at < 0 || at >= items.Length)
                    {
                        return Value.FromList(list);
                    }

                    var removed = new List<Value>(list);
                    removed.RemoveAt((int)at);
                    return Value.FromList(HarnList.Create(removed));
                }

            default:
                return Value.Nil;
        }
    }

    private static int Clamp(Value count, int length) => count.Kind == ValueKind.Int ? (int)Math.Clamp(count.AsInt, 0, length) : 0;

    public static HarnList Map(BuiltinContext context, ReadOnlySpan<Value> items, Value fn)
    {
        var mapped = new Value[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            mapped[i] = Callbacks.Call(context, fn, items[i]);
        }

        return mapped.Length == 0 ? HarnList.Empty : new HarnList(mapped);
    }

    public static HarnList Filter(BuiltinContext context, ReadOnlySpan<Value> items, Value fn, bool keep)
    {
        // Collected in a pooled buffer, so the only allocation is the exact-size result.
        var kept = ArrayPool<Value>.Shared.Rent(items.Length);
        var count = 0;
        try
        {
            foreach (var item in items)
            {
                if (Callbacks.Test(context, fn, item) == keep)
                {
                    kept[count++] = item;
                }
            }

            return HarnList.Create(kept.AsSpan(0, count));
        }
        finally
        {
            kept.AsSpan(0, count).Clear();
            ArrayPool<Value>.Shared.Return(kept);
        }
    }

    private static Value Reduce(BuiltinContext context, ReadOnlySpan<Value> items, ReadOnlySpan<Value> args)
    {
        // reduce(init, fn), or reduce(fn) starting from the first item.
        var hasInit = args.Length >= 2;
        var fn = hasInit ? args[1] : Args.At(args, 0);
        if (!hasInit && items.Length == 0)
        {
            return Value.Nil;
        }

        var accumulator = hasInit ? args[0] : items[0];
        for (var i = hasInit ? 0 : 1; i < items.Length; i++)
        {
            accumulator = Callbacks.Call(context, fn, accumulator, items[i]);
        }

        return accumulator;
    }

    /// <summary>One level of flattening: list items are spliced in, other items kept.</summary>
    public static HarnList Flatten(ReadOnlySpan<Value> items)
    {
        var flat = new List<Value>(items.Length);
        foreach (var item in items)
        {
            if (item.Kind == ValueKind.List)
            {
                flat.AddRange(item.AsList);
            }
            else
            {
                flat.Add(item);
            }
        }

        return HarnList.Create(flat);
    }

    private static HarnList Enumerate(ReadOnlySpan<Value> items)
    {
        var entries = new Value[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            entries[i] = Value.FromDict(HarnDict.Empty.With("index", Value.FromInt(i)).With("value", items[i]));
        }

        return new HarnList(entries);
    }

    private static HarnList Zip(ReadOnlySpan<Value> left, ReadOnlySpan<Value> right)
    {
        var count = Math.Min(left.Length, right.Length);
        var pairs = new Value[count];
        for (var i = 0; i < count; i++)
        {
            pairs[i] = Value.FromList(new HarnList([left[i], right[i]]));
        }

        return new HarnList(pairs);
    }

    public static HarnDict GroupBy(BuiltinContext context, ReadOnlySpan<Value> items, Value fn)
    {
        var groups = new Dictionary<string, List<Value>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var key = ValueAccess.DictKey(Callbacks.Call(context, fn, item));
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = new List<Value>();
            }

            group.Add(item);
        }

        return HarnDict.FromEntries(groups.Select(g => new KeyValuePair<string, Value>(g.Key, Value.FromList(HarnList.Create(g.Value)))));
    }

    /// <summary>Consecutive slices of <paramref name="size"/> items, advancing by <paramref name="step"/>; the last may be short.</summary>
    public static HarnList Chunk(ReadOnlySpan<Value> items, long size, long step)
    {
        if (size <= 0 || step <= 0)
        {
            throw RuntimeErrors.Runtime("chunk size must be positive");
        }

        var chunks = new List<Value>();
        for (long start = 0; start < items.Length; start += step)
        {
            var end = (int)Math.Min(items.Length, start + size);
            chunks.Add(Value.FromList(HarnList.Create(items[(int)start..end])));
        }

        return HarnList.Create(chunks);
    }

    /// <summary>Full windows of <paramref name="size"/> items, advancing by <paramref name="step"/>.</summary>
    public static HarnList Window(ReadOnlySpan<Value> items, long size, long step)
    {
        if (size <= 0 || step <= 0)
        {
            throw RuntimeErrors.Runtime("window size must be positive");
        }

        var windows = new List<Value>();
        for (long start = 0; start + size <= items.Length; start += step)
        {
            windows.Add(Value.FromList(HarnList.Create(items[(int)start..(int)(start + size)])));
        }

        return HarnList.Create(windows);
    }

    private static HarnDict Tally(ReadOnlySpan<Value> items)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var key = ValueAccess.DictKey(item);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return HarnDict.FromEntries(counts.Select(c => new KeyValuePair<string, Value>(c.Key, Value.FromInt(c.Value))));
    }
}
