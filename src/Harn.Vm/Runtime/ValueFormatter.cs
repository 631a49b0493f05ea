using System.Globalization;
using System.Text;

namespace Harn.Runtime;

/// <summary>The display text of values (<c>to_string</c>, <c>log</c>, interpolation, dict keys).</summary>
public static partial class ValueFormatter
{
    /// <summary>Bytes beyond this many are summarized as <c>...+N</c>.</summary>
    private const int BytesShown = 32;

    public static string Display(Value value) => value.Kind switch
    {
        ValueKind.String => value.AsString,
        ValueKind.Int => value.AsInt.ToString(CultureInfo.InvariantCulture),
        ValueKind.Nil => "nil",
        ValueKind.Bool => value.AsBool ? "true" : "false",
        ValueKind.Float => FormatFloat(value.AsFloat),
        _ => DisplayComposite(value),
    };

    private static string DisplayComposite(Value value)
    {
        var builder = new StringBuilder();
        Append(builder, value, 0);
        return builder.ToString();
    }

    /// <summary>Appends the display text of <paramref name="value"/>.</summary>
    public static void Append(StringBuilder builder, Value value) => Append(builder, value, 0);

    private static void Append(StringBuilder builder, Value value, int depth)
    {
        NestingLimit.Check(depth);
        TextLength.Check(builder.Length, "display");
        switch (value.Kind)
        {
            case ValueKind.Nil:
                builder.Append("nil");
                break;
            case ValueKind.Bool:
                builder.Append(value.AsBool ? "true" : "false");
                break;
            case ValueKind.Int:
                builder.Append(value.AsInt.ToString(CultureInfo.InvariantCulture));
                break;
            case ValueKind.Float:
                builder.Append(FormatFloat(value.AsFloat));
                break;
            case ValueKind.String:
                TextLength.Check((long)builder.Length + value.AsString.Length, "display");
                builder.Append(value.AsString);
                break;
            case ValueKind.Duration:
                builder.Append(FormatDuration(value.AsDurationMs));
                break;
            case ValueKind.Bytes:
                AppendBytes(builder, value.As<byte[]>());
                break;
            case ValueKind.List:
                builder.Append('[');
                AppendItems(builder, value.AsList.AsSpan(), depth);
                builder.Append(']');
                break;
            case ValueKind.Set:
                builder.Append("set(");
                AppendItems(builder, value.As<HarnSet>().Items, depth);
                builder.Append(')');
                break;
            case ValueKind.Dict:
                AppendDict(builder, value.AsDict, depth);
                break;
            case ValueKind.Pair:
                {
                    var pair = value.As<HarnPair>();
                    builder.Append('(');
                    Append(builder, pair.First, depth + 1);
                    builder.Append(", ");
                    Append(builder, pair.Second, depth + 1);
                    builder.Append(')');
                    break;
                }

            case ValueKind.EnumVariant:
                {
                    var variant = value.As<HarnEnumVariant>();
                    builder.Append(variant.EnumName).Append('.').Append(variant.Variant);
                    if (variant.Fields.Count > 0)
                    {
                        builder.Append('(');
                        AppendItems(builder, variant.Fields.AsSpan(), depth);
                        builder.Append(')');
                    }

                    break;
                }

            case ValueKind.Struct:
                {
                    var instance = value.As<HarnStruct>();
                    builder.Append(instance.Name).Append(" {");
                    var first = true;
                    foreach (var (key, field) in instance.SetFieldsSorted())
                    {
                        builder.Append(first ? string.Empty : ", ").Append(key).Append(": ");
                        Append(builder, field, depth + 1);
                        first = false;
                    }

                    builder.Append('}');
                    break;
                }

            case ValueKind.Range:
                builder.Append(value.As<HarnRange>().Display());
                break;
            default:
                builder.Append(value.Ref is IHarnObject harnObject ? harnObject.Display() : "<" + value.Kind.ToString().ToLowerInvariant() + ">");
                break;
        }
    }

    private static void AppendItems(StringBuilder builder, ReadOnlySpan<Value> items, int depth)
    {
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            Append(builder, items[i], depth + 1);
        }
    }

    private static void AppendDict(StringBuilder builder, HarnDict dict, int depth)
    {
        builder.Append('{');
        var keys = dict.Keys;
        var values = dict.Values;
        for (var i = 0; i < keys.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            builder.Append(keys[i]).Append(": ");
            Append(builder, values[i], depth + 1);
        }

        builder.Append('}');
    }

    private static void AppendBytes(StringBuilder builder, byte[] bytes)
    {
        builder.Append("b\"");
        var shown = Math.Min(bytes.Length, BytesShown);
        builder.Append(Convert.ToHexString(bytes, 0, shown).ToLowerInvariant());
        if (bytes.Length > shown)
        {
            builder.Append("...+").Append((bytes.Length - shown).ToString(CultureInfo.InvariantCulture));
        }

        builder.Append('"');
    }

    /// <summary>Durations print in the largest unit that divides them exactly: <c>2h</c>, <c>90s</c>, <c>1500ms</c>.</summary>
    public static string FormatDuration(long milliseconds)
    {
        var sign = milliseconds < 0 ? "-" : string.Empty;
        // Magnitude as unsigned so long.MinValue does not overflow.
        var ms = milliseconds < 0 ? (ulong)(-(milliseconds + 1)) + 1 : (ulong)milliseconds;
        if (ms == 0)
        {
            return "0ms";
        }

        if (ms % 3_600_000 == 0)
        {
            return sign + (ms / 3_600_000).ToString(CultureInfo.InvariantCulture) + "h";
        }

        if (ms % 60_000 == 0)
        {
            return sign + (ms / 60_000).ToString(CultureInfo.InvariantCulture) + "m";
        }

        if (ms % 1000 == 0)
        {
            return sign + (ms / 1000).ToString(CultureInfo.InvariantCulture) + "s";
        }

        return sign + ms.ToString(CultureInfo.InvariantCulture) + "ms";
    }
}
