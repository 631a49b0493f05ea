using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>Calling Harn callbacks from builtins.</summary>
internal static class Callbacks
{
    public static Value Call(BuiltinContext context, Value fn, Value arg) => context.Invoke(fn, [arg]);

    public static Value Call(BuiltinContext context, Value fn, Value first, Value second) => context.Invoke(fn, [first, second]);

    public static bool Test(BuiltinContext context, Value fn, Value arg) => Truthiness.IsTruthy(context.Invoke(fn, [arg]));

    /// <summary>A stable sort of <paramref name="items"/> by key (identity when <paramref name="keyFn"/> is nil).</summary>
    public static Value[] StableSort(BuiltinContext context, ReadOnlySpan<Value> items, Value keyFn)
    {
        var keys = new Value[items.Length];
        var order = new int[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            keys[i] = keyFn.IsNil ? items[i] : Call(context, keyFn, items[i]);
            order[i] = i;
        }

        // Ties keep their original order: compare indexes last.
        Array.Sort(order, (a, b) =>
        {
            var byKey = ValueComparer.Compare(keys[a], keys[b]);
            return byKey != 0 ? byKey : a.CompareTo(b);
        });
        var sorted = new Value[items.Length];
        for (var i = 0; i < order.Length; i++)
        {
            sorted[i] = items[order[i]];
        }

        return sorted;
    }

    /// <summary>Sum of numbers: int while every item is an int, float once one is a float.</summary>
    public static Value Sum(IEnumerable<Value> items)
    {
        var total = Value.FromInt(0);
        foreach (var item in items)
        {
            total = Arithmetic.Add(total, item);
        }

        return total;
    }

    /// <summary>The smallest (or largest) item by Harn ordering; the first wins ties; nil when empty.</summary>
    public static Value Extreme(BuiltinContext context, ReadOnlySpan<Value> items, Value keyFn, bool max)
    {
        if (items.Length == 0)
        {
            return Value.Nil;
        }

        var best = items[0];
        var bestKey = keyFn.IsNil ? best : Call(context, keyFn, best);
        for (var i = 1; i < items.Length; i++)
        {
            var key = keyFn.IsNil ? items[i] : Call(context, keyFn, items[i]);
            var comparison = ValueComparer.Compare(key, bestKey);
            if (max ? comparison > 0 : comparison < 0)
            {
                best = items[i];
                bestKey = key;
            }
        }

        return best;
    }
}
