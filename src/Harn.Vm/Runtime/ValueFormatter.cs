namespace Harn.Runtime;

/// <summary>The display text of values (<c>to_string</c>, <c>log</c>, interpolation, dict keys).</summary>
public static partial class ValueFormatter
{
    public static string Display(Value value) => value.Kind switch
    {
        ValueKind.Nil => "nil",
        ValueKind.Bool => value.AsBool ? "true" : "false",
        ValueKind.Int => value.AsInt.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ValueKind.String => value.AsString,
        _ => value.Kind.ToString(),
    };
}
