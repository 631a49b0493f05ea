using System.Globalization;
using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary><c>toml_parse(text)</c> (see <see cref="TomlReader"/>) and <c>toml_stringify(dict)</c>.</summary>
internal static class Toml
{
    private const int MaxDepth = 128;

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("toml_parse", (_, args) => TomlReader.Parse(Args.String(args, 0, "toml_parse")));
        registry.Register("toml_stringify", (_, args) =>
        {
            var value = Args.At(args, 0);
            if (value.Kind != ValueKind.Dict)
            {
                throw Args.Expected("toml_stringify", "a dict (a TOML document is a table)", value);
            }

            var text = new StringBuilder();
            WriteTable(text, value.AsDict, [], 0);
            return Value.FromString(text.ToString());
        });
    }

    private static bool IsTableArray(Value value) =>
        value.Kind == ValueKind.List && value.AsList.Count > 0 && value.AsList.All(item => item.Kind == ValueKind.Dict);

    private static void WriteTable(StringBuilder text, HarnDict table, List<string> path, int depth)
    {
        if (depth > MaxDepth)
        {
            throw RuntimeErrors.Thrown("toml_stringify: value nests too deeply");
        }

        foreach (var (key, value) in table)
        {
            if (value.IsNil || value.Kind == ValueKind.Dict || IsTableArray(value))
            {
                continue;
            }

            text.Append(Key(key)).Append(" = ");
            WriteValue(text, value, depth);
            text.Append('\n');
        }

        foreach (var (key, value) in table)
        {
            if (value.Kind == ValueKind.Dict)
            {
                var sub = new List<string>(path) { key };
                Separate(text);
                text.Append('[').Append(string.Join(".", sub.Select(Key))).Append("]\n");
                WriteTable(text, value.AsDict, sub, depth + 1);
            }
            else if (IsTableArray(value))
            {
                var sub = new List<string>(path) { key };
                foreach (var item in value.AsList)
                {
                    Separate(text);
                    text.Append("[[").Append(string.Join(".", sub.Select(Key))).Append("]]\n");
                    WriteTable(text, item.AsDict, sub, depth + 1);
                }
            }
        }
    }

    private static void Separate(StringBuilder text)
    {
        if (text.Length > 0)
        {
            text.Append('\n');
        }
    }

    private static string Key(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-') ? key : Quote(key);

    private static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                '\b' => "\\b",
                '\f' => "\\f",
                _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    private static void WriteValue(StringBuilder text, Value value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw RuntimeErrors.Thrown("toml_stringify: value nests too deeply");
        }

        switch (value.Kind)
        {
            case ValueKind.String:
                text.Append(Quote(value.AsString));
                break;
            case ValueKind.Int:
                text.Append(value.AsInt.ToString(CultureInfo.InvariantCulture));
                break;
            case ValueKind.Float:
                var f = value.AsFloat;
                text.Append(double.IsNaN(f) ? "nan" : double.IsPositiveInfinity(f) ? "inf" : double.IsNegativeInfinity(f) ? "-inf"
                    : f == Math.Floor(f) && Math.Abs(f) < 1e16 ? f.ToString("0.0", CultureInfo.InvariantCulture) : f.ToString("R", CultureInfo.InvariantCulture));
                break;
            case ValueKind.Bool:
                text.Append(value.AsBool ? "true" : "false");
                break;
            case ValueKind.List:
                text.Append('[');
                var first = true;
                foreach (var item in value.AsList)
                {
                    if (item.IsNil)
                    {
                        throw RuntimeErrors.Thrown("toml_stringify: TOML has no nil; an array holds nil");
                    }

                    text.Append(first ? "" : ", ");
                    first = false;
                    WriteValue(text, item, depth + 1);
                }

                text.Append(']');
                break;
            case ValueKind.Dict:
                text.Append('{');
                var firstEntry = true;
                foreach (var (key, item) in value.AsDict)
                {
                    if (item.IsNil)
                    {
                        continue;
                    }

                    text.Append(firstEntry ? " " : ", ");
                    firstEntry = false;
                    text.Append(Key(key)).Append(" = ");
                    WriteValue(text, item, depth + 1);
                }

                text.Append(firstEntry ? "}" : " }");
                break;
            default:
                throw RuntimeErrors.Thrown($"toml_stringify: cannot represent a {TypeNames.Of(value)} in TOML");
        }
    }
}
