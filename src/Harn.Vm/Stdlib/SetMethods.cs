using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>Methods of set values; every change returns a new set.</summary>
internal static class SetMethods
{
    public static Value Invoke(BuiltinContext context, HarnSet set, string name, ReadOnlySpan<Value> args)
    {
        var arg = Args.At(args, 0);
        switch (name)
        {
            case "count" or "len" or "length":
                return Value.FromInt(set.Count);
            case "empty" or "is_empty":
                return Value.FromBool(set.Count == 0);
            case "contains" or "has":
                return Value.FromBool(ValueAccess.Contains(HarnSet.ToValue(set), arg));
            case "add" or "insert":
                return HarnSet.ToValue(set.Add(arg));
            case "remove" or "delete":
                return HarnSet.ToValue(set.Remove(arg));
            case "union":
                return HarnSet.ToValue(set.Union(Other(arg, name)));
            case "intersect" or "intersection":
                return HarnSet.ToValue(set.Intersect(Other(arg, name)));
            case "difference":
                return HarnSet.ToValue(set.Difference(Other(arg, name)));
            case "symmetric_difference":
                return HarnSet.ToValue(set.SymmetricDifference(Other(arg, name)));
            case "is_subset":
                return Value.FromBool(set.IsSubsetOf(Other(arg, name)));
            case "is_superset":
                return Value.FromBool(Other(arg, name).IsSubsetOf(set));
            case "is_disjoint":
                return Value.FromBool(set.IsDisjointFrom(Other(arg, name)));
            case "to_list":
                return Value.FromList(set.ToList());
            case "map":
                return HarnSet.ToValue(HarnSet.Create(ListMethods.Map(context, set.Items, arg)));
            case "filter":
                return HarnSet.ToValue(HarnSet.Create(ListMethods.Filter(context, set.Items, arg, keep: true)));
            case "any" or "all" or "every" or "none" or "find" or "sum" or "min" or "max" or "sort" or "sort_by" or "join" or "for_each" or "reduce":
                return ListMethods.Invoke(context, set.ToList(), name, args);
            case "iter":
                return HarnIter.Lift(HarnSet.ToValue(set));
            default:
                return Value.Nil;
        }
    }

    /// <summary>The other operand of a set operation; a list is accepted as a set.</summary>
    private static HarnSet Other(Value value, string method) => value.Kind switch
    {
        ValueKind.Set => value.As<HarnSet>(),
        ValueKind.List => HarnSet.Create(value.AsList),
        _ => throw Args.Expected(method, "a set", value),
    };
}
