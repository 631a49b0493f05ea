using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Workflows;

/// <summary>
/// A mutable record under construction: the workflow engine builds run records, stages and
/// artifacts field by field and freezes them into an immutable Harn dict at the end.
/// </summary>
internal sealed class Rec
{
    private readonly Dictionary<string, Value> _fields = new(StringComparer.Ordinal);

    public Rec()
    {
    }

    /// <summary>A record seeded with the fields of <paramref name="source"/> when it is a dict.</summary>
    public Rec(Value source)
    {
        if (source.Kind == ValueKind.Dict)
        {
            foreach (var (key, value) in source.AsDict)
            {
                _fields[key] = value;
            }
        }
    }

    public Value this[string key]
    {
        get => _fields.TryGetValue(key, out var value) ? value : Value.Nil;
        set => _fields[key] = value;
    }

    public bool Has(string key) => _fields.TryGetValue(key, out var value) && !value.IsNil;

    /// <summary>Sets <paramref name="key"/> only when it is absent or nil.</summary>
    public void Default(string key, Value value)
    {
        if (!Has(key))
        {
            _fields[key] = value;
        }
    }

    public string? Str(string key) => this[key] is { Kind: ValueKind.String } s ? s.AsString : null;

    public Value ToValue() => Value.FromDict(HarnDict.FromEntries(_fields));

    public static Value S(string? text) => text is null ? Value.Nil : Value.FromString(text);

    public static Value I(long number) => Value.FromInt(number);

    public static Value B(bool flag) => Value.FromBool(flag);

    public static Value L(IEnumerable<Value> items) => AgentValues.List(items);

    public static Value Strings(IEnumerable<string> items) => L(items.Select(Value.FromString));

    public static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static string NewId(string prefix) => prefix + "_" + AgentIds.NewUuid();

    /// <summary>The float value of a number field, or <paramref name="fallback"/>.</summary>
    public static double Number(Value value, string key, double fallback) =>
        AgentValues.Field(value, key) is { IsNumber: true } n ? n.AsNumber : fallback;

    public static bool Truthy(Value value, string key) => Truthiness.IsTruthy(AgentValues.Field(value, key));
}
