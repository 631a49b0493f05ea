using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary><c>set(...)</c> and the <c>set_*</c> builtins.</summary>
internal static class Sets
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("set", (_, args) => HarnSet.ToValue(HarnSet.Create(Flatten(args))));
        registry.Register("set_add", (_, args) => HarnSet.ToValue(Args.Set(args, 0, "set_add").Add(Args.At(args, 1))));
        registry.Register("set_remove", (_, args) => HarnSet.ToValue(Args.Set(args, 0, "set_remove").Remove(Args.At(args, 1))));
        registry.Register("set_contains", (_, args) => Value.FromBool(ValueAccess.Contains(Value.FromObject(ValueKind.Set, Args.Set(args, 0, "set_contains")), Args.At(args, 1))));
        registry.Register("set_union", (_, args) => HarnSet.ToValue(Args.Set(args, 0, "set_union").Union(Args.Set(args, 1, "set_union"))));
        registry.Register("set_intersect", (_, args) => HarnSet.ToValue(Args.Set(args, 0, "set_intersect").Intersect(Args.Set(args, 1, "set_intersect"))));
        registry.Register("set_difference", (_, args) => HarnSet.ToValue(Args.Set(args, 0, "set_difference").Difference(Args.Set(args, 1, "set_difference"))));
        registry.Register("set_symmetric_difference", (_, args) => HarnSet.ToValue(Args.Set(args, 0, "set_symmetric_difference").SymmetricDifference(Args.Set(args, 1, "set_symmetric_difference"))));
        registry.Register("set_is_subset", (_, args) => Value.FromBool(Args.Set(args, 0, "set_is_subset").IsSubsetOf(Args.Set(args, 1, "set_is_subset"))));
        registry.Register("set_is_superset", (_, args) => Value.FromBool(Args.Set(args, 1, "set_is_superset").IsSubsetOf(Args.Set(args, 0, "set_is_superset"))));
        registry.Register("set_is_disjoint", (_, args) => Value.FromBool(Args.Set(args, 0, "set_is_disjoint").IsDisjointFrom(Args.Set(args, 1, "set_is_disjoint"))));
    }

    /// <summary>Arguments of <c>set(...)</c>: list and set arguments contribute their elements.</summary>
    private static List<Value> Flatten(ReadOnlySpan<Value> args)
    {
        var items = new List<Value>();
        foreach (var arg in args)
        {
            switch (arg.Kind)
            {
                case ValueKind.List:
                    items.AddRange(arg.AsList);
                    break;
                case ValueKind.Set:
                    items.AddRange(arg.As<HarnSet>().Items.ToArray());
                    break;
                default:
                    items.Add(arg);
                    break;
            }
        }

        return items;
    }
}
