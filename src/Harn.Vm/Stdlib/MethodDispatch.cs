using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>
/// Built-in methods of values (<c>xs.map(f)</c>, <c>s.split(",")</c>, ...). Unknown methods
/// return nil rather than failing; a dict holding a callable under the method name calls it.
/// Struct <c>impl</c> methods are resolved by the VM before it comes here.
/// </summary>
public static class MethodDispatch
{
    public static Value Invoke(BuiltinContext context, Value receiver, string name, ReadOnlySpan<Value> args) => receiver.Kind switch
    {
        ValueKind.String => StringMethods.Invoke(context, receiver.AsString, name, args),
        ValueKind.List => ListMethods.Invoke(context, receiver.AsList, name, args),
        ValueKind.Dict => DictMethods.Invoke(context, receiver.AsDict, name, args),
        ValueKind.Set => SetMethods.Invoke(context, receiver.As<HarnSet>(), name, args),
        ValueKind.Range => RangeMethods.Invoke(context, receiver, name, args),
        ValueKind.Iter => IterMethods.Invoke(context, receiver.As<HarnIter>(), name, args),
        ValueKind.Pair => PairMethod(receiver.As<HarnPair>(), name),
        _ => Other(receiver, name),
    };

    private static Value PairMethod(HarnPair pair, string name) => name switch
    {
        "first" => pair.First,
        "second" => pair.Second,
        "to_list" => Value.FromList(new HarnList([pair.First, pair.Second])),
        _ => Value.Nil,
    };

    /// <summary>Generators, streams and channels lift to iters; everything else has no methods.</summary>
    private static Value Other(Value receiver, string name) =>
        name == "iter" && receiver.Ref is IHarnPullSource ? HarnIter.Lift(receiver) : Value.Nil;
}
