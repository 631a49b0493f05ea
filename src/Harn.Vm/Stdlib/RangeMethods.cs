using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>Methods of ranges: O(1) length, membership and ends; anything else goes through a lazy iter.</summary>
internal static class RangeMethods
{
    public static Value Invoke(BuiltinContext context, Value receiver, string name, ReadOnlySpan<Value> args)
    {
        var range = receiver.As<HarnRange>();
        switch (name)
        {
            case "len" or "count" or "length":
                return Value.FromInt(range.Length);
            case "empty" or "is_empty":
                return Value.FromBool(range.IsEmpty);
            case "contains":
                {
                    var item = Args.At(args, 0);
                    return Value.FromBool(item.Kind == ValueKind.Int && range.Contains(item.AsInt));
                }

            case "first":
                return range.IsEmpty ? Value.Nil : Value.FromInt(range.Start);
            case "last":
                return range.IsEmpty ? Value.Nil : Value.FromInt(range.ElementAt(range.Length - 1));
            case "to_string":
                return Value.FromString(range.Display());
            default:
                return IterMethods.Invoke(context, HarnIter.Lift(receiver).As<HarnIter>(), name, args);
        }
    }
}
