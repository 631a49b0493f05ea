using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>
/// Methods of dict values. Any other name calls the callable stored under that key, so a dict
/// of closures works as an object (<c>obj.handler(x)</c>).
/// </summary>
internal static class DictMethods
{
    public static Value Invoke(BuiltinContext context, HarnDict dict, string name, ReadOnlySpan<Value> args)
    {
        var arg = Args.At(args, 0);
        switch (name)
        {
            case "keys":
                return Value.FromList(Keys(dict));
            case "values":
                return Value.FromList(HarnList.Create(dict.Values));
            case "entries":
                return Value.FromList(Entries(dict));
            case "count" or "len" or "length":
                return Value.FromInt(dict.Count);
            case "empty" or "is_empty":
                return Value.FromBool(dict.Count == 0);
            case "has" or "contains" or "has_key" or "contains_key":
                return Value.FromBool(dict.ContainsKey(ValueAccess.DictKey(arg)));
            case "merge":
                return Value.FromDict(arg.Kind == ValueKind.Dict ? Arithmetic.Merge(dict, arg.AsDict) : dict);
            case "map_values":
                return Value.FromDict(Rebuild(dict, (key, value) => new(key, Callbacks.Call(context, arg, value))));
            case "rekey" or "map_keys":
                return Value.FromDict(Rebuild(dict, (key, value) => new(ValueAccess.DictKey(Callbacks.Call(context, arg, Value.FromString(key))), value)));
            case "filter":
                return Value.FromDict(HarnDict.FromEntries(dict.Where(e => Callbacks.Test(context, arg, e.Value)).ToList()));
            case "remove" or "delete" or "without":
                return Value.FromDict(dict.Without(ValueAccess.DictKey(arg)));
            case "get":
                return dict.TryGetValue(ValueAccess.DictKey(arg), out var found) ? found : Args.At(args, 1);
            case "set" or "with" or "insert":
                return Value.FromDict(dict.With(ValueAccess.DictKey(arg), Args.At(args, 1)));
            case "iter":
                return HarnIter.Lift(Value.FromDict(dict));
            case "to_list":
                return Value.FromList(HarnList.Create(dict.Select(e => HarnPair.Create(Value.FromString(e.Key), e.Value))));
            default:
                return dict.TryGetValue(name, out var member) && Args.IsCallable(member) ? context.Invoke(member, args) : Value.Nil;
        }
    }

    public static HarnList Keys(HarnDict dict)
    {
        var keys = new Value[dict.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = Value.FromString(dict.Keys[i]);
        }

        return new HarnList(keys);
    }

    private static HarnList Entries(HarnDict dict)
    {
        var entries = new Value[dict.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = Value.FromDict(DictEntryIterator.Entry(dict.Keys[i], dict.Values[i]));
        }

        return new HarnList(entries);
    }

    private static HarnDict Rebuild(HarnDict dict, Func<string, Value, KeyValuePair<string, Value>> map)
    {
        var entries = new List<KeyValuePair<string, Value>>(dict.Count);
        foreach (var (key, value) in dict)
        {
            entries.Add(map(key, value));
        }

        return HarnDict.FromEntries(entries);
    }
}
