using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm.Providers;

/// <summary>Small helpers for reading and writing provider JSON as Harn values.</summary>
internal static class WireJson
{
    public static HarnDict Object(params (string Key, Value Value)[] entries)
    {
        var dict = HarnDict.Empty;
        foreach (var (key, value) in entries)
        {
            if (!value.IsNil)
            {
                dict = dict.With(key, value);
            }
        }

        return dict;
    }

    public static Value Str(string? text) => text is null ? Value.Nil : Value.FromString(text);

    public static Value List(IEnumerable<HarnDict> items) => Value.FromList(HarnList.Create(items.Select(Value.FromDict)));

    public static HarnList Items(HarnDict dict, string key) =>
        dict.Get(key, Value.Nil) is { Kind: ValueKind.List } list ? list.AsList : HarnList.Empty;

    public static IEnumerable<HarnDict> Dicts(HarnList list) => list.Where(item => item.Kind == ValueKind.Dict).Select(item => item.AsDict);

    public static long Int(HarnDict? dict, string key) => dict?.GetInt(key) ?? 0;

    public static HarnDict ToolCall(string id, string name, Value arguments) => HarnDict.Empty
        .With("id", Value.FromString(id))
        .With("name", Value.FromString(name))
        .With("arguments", arguments);

    /// <summary>Tool-call arguments sent as a JSON string; unparseable text is kept under <c>_raw</c>.</summary>
    public static Value ParseArguments(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Value.FromDict(HarnDict.Empty);
        }

        return JsonConversion.TryParse(text, out var parsed) ? parsed : Value.FromDict(HarnDict.Empty.With("_raw", Value.FromString(text)));
    }

    /// <summary>The generation settings the caller passed, copied under the provider's names.</summary>
    public static HarnDict CopySettings(HarnDict body, HarnDict options, params (string From, string To)[] names)
    {
        foreach (var (from, to) in names)
        {
            if (options.Get(from, Value.Nil) is { IsNil: false } value)
            {
                body = body.With(to, value);
            }
        }

        return body;
    }
}
