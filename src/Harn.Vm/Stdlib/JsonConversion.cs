using System.Globalization;
using System.Text;
using System.Text.Json;
using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>Converts between JSON text and Harn values (integers stay ints; decimals become floats).</summary>
public static class JsonConversion
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 512 };

    /// <summary>Parses JSON text; throws <see cref="JsonException"/> on invalid input.</summary>
    public static Value Parse(string text)
    {
        using var document = JsonDocument.Parse(text, DocumentOptions);
        return FromElement(document.RootElement);
    }

    public static bool TryParse(string text, out Value value)
    {
        try
        {
            value = Parse(text);
            return true;
        }
        catch (JsonException)
        {
            value = Value.Nil;
            return false;
        }
    }

    private static Value FromElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                {
                    var entries = new List<KeyValuePair<string, Value>>();
                    foreach (var property in element.EnumerateObject())
                    {
                        entries.Add(new(property.Name, FromElement(property.Value)));
                    }

                    return Value.FromDict(HarnDict.FromEntries(entries));
                }

            case JsonValueKind.Array:
                {
                    var items = new List<Value>(element.GetArrayLength());
                    foreach (var item in element.EnumerateArray())
                    {
                        items.Add(FromElement(item));
                    }

                    return Value.FromList(HarnList.Create(items));
                }

            case JsonValueKind.String:
                return Value.FromString(element.GetString()!);
            case JsonValueKind.Number:
                return element.TryGetInt64(out var integer) ? Value.FromInt(integer) : Value.FromFloat(element.GetDouble());
            case JsonValueKind.True:
                return Value.True;
            case JsonValueKind.False:
                return Value.False;
            default:
                return Value.Nil;
        }
    }

    /// <summary>Compact JSON (<c>{"a":1}</c>); with <paramref name="pretty"/>, two-space indentation.</summary>
    public static string Stringify(Value value, bool pretty = false)
    {
        var builder = new StringBuilder();
        Write(builder, value, pretty, 0);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, Value value, bool pretty, int depth)
    {
        NestingLimit.Check(depth);
        switch (value.Kind)
        {
            case ValueKind.Nil:
                builder.Append("null");
                break;
            case ValueKind.Bool:
                builder.Append(value.AsBool ? "true" : "false");
                break;
            case ValueKind.Int:
                builder.Append(value.AsInt.ToString(CultureInfo.InvariantCulture));
                break;
            case ValueKind.Duration:
                builder.Append(value.AsDurationMs.ToString(CultureInfo.InvariantCulture));
                break;
            case ValueKind.Float:
                builder.Append(double.IsFinite(value.AsFloat) ? ValueFormatter.FormatFloat(value.AsFloat) : "null");
                break;
            case ValueKind.String:
                WriteString(builder, value.AsString);
                break;
            case ValueKind.List:
                WriteArray(builder, value.AsList.AsSpan(), pretty, depth);
                break;
            case ValueKind.Set:
                WriteArray(builder, value.As<HarnSet>().Items, pretty, depth);
                break;
            case ValueKind.Pair:
                WriteArray(builder, [value.As<HarnPair>().First, value.As<HarnPair>().Second], pretty, depth);
                break;
            case ValueKind.Dict:
                WriteObject(builder, value.AsDict, pretty, depth);
                break;
            case ValueKind.Struct:
                WriteObject(builder, value.As<HarnStruct>().ToDict(), pretty, depth);
                break;
            case ValueKind.EnumVariant:
                {
                    var variant = value.As<HarnEnumVariant>();
                    var dict = HarnDict.Empty.With("variant", Value.FromString(variant.Variant)).With("fields", Value.FromList(variant.Fields));
                    WriteObject(builder, dict, pretty, depth);
                    break;
                }

            case ValueKind.Range:
            case ValueKind.Bytes:
                WriteString(builder, ValueFormatter.Display(value));
                break;
            default:
                builder.Append("null");
                break;
        }
    }

    private static void WriteArray(StringBuilder builder, ReadOnlySpan<Value> items, bool pretty, int depth)
    {
        builder.Append('[');
        for (var i = 0; i < items.Length; i++)
        {
            builder.Append(i > 0 ? "," : string.Empty);
            NewLine(builder, pretty, depth + 1);
            Write(builder, items[i], pretty, depth + 1);
        }

        if (items.Length > 0)
        {
            NewLine(builder, pretty, depth);
        }

        builder.Append(']');
    }

    private static void WriteObject(StringBuilder builder, HarnDict dict, bool pretty, int depth)
    {
        builder.Append('{');
        var keys = dict.Keys;
        var values = dict.Values;
        for (var i = 0; i < keys.Length; i++)
        {
            builder.Append(i > 0 ? "," : string.Empty);
            NewLine(builder, pretty, depth + 1);
            WriteString(builder, keys[i]);
            builder.Append(pretty ? ": " : ":");
            Write(builder, values[i], pretty, depth + 1);
        }

        if (keys.Length > 0)
        {
            NewLine(builder, pretty, depth);
        }

        builder.Append('}');
    }

    private static void NewLine(StringBuilder builder, bool pretty, int depth)
    {
        if (pretty)
        {
            builder.Append('\n').Append(' ', depth * 2);
        }
    }

    /// <summary>Escapes like serde_json: quotes, backslashes and control characters; other text verbatim.</summary>
    public static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                case < ' ':
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        builder.Append('"');
    }
}
