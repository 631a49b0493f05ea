using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>Small builders and readers for the dicts that tools, transcripts and sessions are made of.</summary>
internal static class AgentValues
{
    /// <summary>
    /// Registry entries (tools, skills) with <paramref name="entry"/> in place of the one with the
    /// same <c>name</c>, or appended when there is none.
    /// </summary>
    public static List<Value> ReplaceNamed(IEnumerable<HarnDict> entries, HarnDict entry)
    {
        var name = StringField(entry, "name") ?? "";
        var list = entries.Select(Value.FromDict).ToList();
        var at = list.FindIndex(e => (StringField(e.AsDict, "name") ?? "") == name);
        if (at >= 0)
        {
            list[at] = Value.FromDict(entry);
        }
        else
        {
            list.Add(Value.FromDict(entry));
        }

        return list;
    }

    public static Value Dict(params (string Key, Value Value)[] entries) =>
        Value.FromDict(HarnDict.FromEntries(entries.Select(e => new KeyValuePair<string, Value>(e.Key, e.Value))));

    public static Value Str(string text) => Value.FromString(text);

    public static Value List(IEnumerable<Value> items) => Value.FromList(HarnList.Create(items));

    /// <summary>The value under <paramref name="key"/> when <paramref name="value"/> is a dict, else nil.</summary>
    public static Value Field(Value value, string key) =>
        value.Kind == ValueKind.Dict && value.AsDict.TryGetValue(key, out var found) ? found : Value.Nil;

    public static Value Field(HarnDict dict, string key) => dict.TryGetValue(key, out var found) ? found : Value.Nil;

    /// <summary>The string under <paramref name="key"/>, or null when absent or not a string.</summary>
    public static string? StringField(Value value, string key) => Field(value, key) is { Kind: ValueKind.String } text ? text.AsString : null;

    public static string? StringField(HarnDict dict, string key) => Field(dict, key) is { Kind: ValueKind.String } text ? text.AsString : null;

    /// <summary>The list under <paramref name="key"/>, or an empty list.</summary>
    public static HarnList ListField(Value value, string key) => Field(value, key) is { Kind: ValueKind.List } list ? list.AsList : HarnList.Empty;

    /// <summary>The strings of a list value (non-strings skipped); a single string counts as a one-item list.</summary>
    public static IReadOnlyList<string> Strings(Value value) => value.Kind switch
    {
        ValueKind.String => [value.AsString],
        ValueKind.List => value.AsList.Where(v => v.Kind == ValueKind.String).Select(v => v.AsString).ToList(),
        _ => [],
    };

    /// <summary>An int option, or <paramref name="fallback"/> when absent or not a number.</summary>
    public static long IntField(Value value, string key, long fallback) => Field(value, key) switch
    {
        { Kind: ValueKind.Int } number => number.AsInt,
        { Kind: ValueKind.Float } number when !double.IsNaN(number.AsFloat) => (long)number.AsFloat,
        _ => fallback,
    };

    /// <summary>Text for a value as a model or a log would read it: strings as-is, the rest as JSON.</summary>
    public static string Text(Value value) => value.Kind switch
    {
        ValueKind.String => value.AsString,
        ValueKind.Nil => "",
        ValueKind.Dict or ValueKind.List => JsonConversion.Stringify(value),
        _ => ValueFormatter.Display(value),
    };
}
