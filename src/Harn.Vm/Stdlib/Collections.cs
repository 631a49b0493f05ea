using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>Collection builtins: <c>iter</c>, <c>to_list</c>, <c>keys</c>, <c>chunk</c>, <c>group_by</c>, ...</summary>
internal static class Collections
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("iter", (_, args) => HarnIter.Lift(Args.At(args, 0)));
        registry.Register("to_list", ToList);
        registry.Register("to_set", (ctx, args) => HarnSet.ToValue(HarnSet.Create(HarnIter.Lift(Args.At(args, 0)).As<HarnIter>().Drain(ctx))));
        registry.Register("keys", (_, args) => Value.FromList(DictMethods.Keys(Args.Dict(args, 0, "keys"))));
        registry.Register("values", (_, args) => Value.FromList(HarnList.Create(Args.Dict(args, 0, "values").Values)));
        registry.Register("entries", (ctx, args) => DictMethods.Invoke(ctx, Args.Dict(args, 0, "entries"), "entries", ReadOnlySpan<Value>.Empty));
        registry.Register("chunk", (_, args) => Value.FromList(ListMethods.Chunk(Args.List(args, 0, "chunk").AsSpan(), Args.Int(args, 1, "chunk"), Args.Int(args, 1, "chunk"))));
        registry.Register("window", Window);
        registry.Register("group_by", (ctx, args) => Value.FromDict(ListMethods.GroupBy(ctx, Args.List(args, 0, "group_by").AsSpan(), Args.At(args, 1))));
        registry.Register("partition", Partition);
        registry.Register("dedup_by", DedupBy);
        registry.Register("flat_map", (ctx, args) => Value.FromList(ListMethods.Flatten(ListMethods.Map(ctx, Args.List(args, 0, "flat_map").AsSpan(), Args.At(args, 1)).AsSpan())));
        registry.Register("map", (ctx, args) => Method(ctx, args, "map"));
        registry.Register("filter", (ctx, args) => Method(ctx, args, "filter"));
        registry.Register("reduce", (ctx, args) => Method(ctx, args, "reduce"));
        registry.Register("sort", (ctx, args) => Method(ctx, args, "sort"));
        registry.Register("sort_by", (ctx, args) => Method(ctx, args, "sort_by"));
        registry.Register("reverse", Reverse);
        registry.Register("sum", (ctx, args) => Method(ctx, args, "sum"));
        registry.Register("unique", (ctx, args) => Method(ctx, args, "unique"));
        registry.Register("flatten", (ctx, args) => Method(ctx, args, "flatten"));
        registry.Register("zip", (ctx, args) => Method(ctx, args, "zip"));
        registry.Register("enumerate", (ctx, args) => Method(ctx, args, "enumerate"));
        registry.Register("push", (_, args) => Value.FromList(Args.List(args, 0, "push").Append(Args.At(args, 1))));
        registry.Register("has", (ctx, args) => Method(ctx, args, "has"));
        registry.Register("merge", (_, args) => Value.FromDict(Arithmetic.Merge(Args.Dict(args, 0, "merge"), Args.Dict(args, 1, "merge"))));
    }

    /// <summary>The builtin form <c>f(xs, a...)</c> of the method <c>xs.f(a...)</c>.</summary>
    private static Value Method(BuiltinContext context, ReadOnlySpan<Value> args, string name) =>
        args.Length == 0 ? Value.Nil : MethodDispatch.Invoke(context, args[0], name, args[1..]);

    private static Value ToList(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var value = Args.At(args, 0);
        return value.Kind switch
        {
            ValueKind.List => value,
            ValueKind.Set => Value.FromList(value.As<HarnSet>().ToList()),
            ValueKind.Dict => DictMethods.Invoke(context, value.AsDict, "to_list", ReadOnlySpan<Value>.Empty),
            ValueKind.Range or ValueKind.Iter or ValueKind.String => Value.FromList(HarnIter.Lift(value).As<HarnIter>().Drain(context)),
            _ when value.Ref is IHarnPullSource => Value.FromList(HarnIter.Lift(value).As<HarnIter>().Drain(context)),
            _ => throw Args.Expected("to_list", "a collection", value),
        };
    }

    private static Value Reverse(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var value = Args.At(args, 0);
        return value.Kind == ValueKind.String ? Value.FromString(RuneText.Reverse(value.AsString)) : Method(context, args, "reverse");
    }

    private static Value Window(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var items = Args.List(args, 0, "window").AsSpan();
        var size = Args.Int(args, 1, "window");
        var step = Args.At(args, 2).IsNil ? 1 : Args.Int(args, 2, "window");
        return Value.FromList(ListMethods.Window(items, size, step));
    }

    /// <summary><c>partition(xs, f)</c> returns <c>{match, no_match}</c> (the method returns a two-list list).</summary>
    private static Value Partition(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var items = Args.List(args, 0, "partition").AsSpan();
        var fn = Args.At(args, 1);
        return Value.FromDict(HarnDict.Empty
            .With("match", Value.FromList(ListMethods.Filter(context, items, fn, keep: true)))
            .With("no_match", Value.FromList(ListMethods.Filter(context, items, fn, keep: false))));
    }

    private static Value DedupBy(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var items = Args.List(args, 0, "dedup_by");
        var fn = Args.At(args, 1);
        var seen = new HashSet<Value>(StructuralKeyComparer.Instance);
        var kept = new List<Value>();
        foreach (var item in items)
        {
            if (seen.Add(Callbacks.Call(context, fn, item)))
            {
                kept.Add(item);
            }
        }

        return Value.FromList(HarnList.Create(kept));
    }
}
