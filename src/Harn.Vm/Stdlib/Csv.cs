using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary><c>csv_parse(text, {headers?})</c> and <c>csv_stringify(rows, {headers?})</c> (RFC 4180 quoting).</summary>
internal static class Csv
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("csv_parse", Parse);
        registry.Register("csv_stringify", Stringify);
    }

    private static bool HeadersOption(ReadOnlySpan<Value> args) =>
        Args.At(args, 1) is { Kind: ValueKind.Dict } options && Truthiness.IsTruthy(options.AsDict.Get("headers"));

    private static Value Parse(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var rows = ParseRows(Args.String(args, 0, "csv_parse"));
        if (!HeadersOption(args))
        {
            return Value.FromList(HarnList.Create(rows.Select(r => Value.FromList(HarnList.Create(r.Select(Value.FromString))))));
        }

        if (rows.Count == 0)
        {
            return Value.FromList(HarnList.Empty);
        }

        var header = rows[0];
        var records = rows.Skip(1).Select(row => Value.FromDict(HarnDict.FromEntries(
            header.Select((name, i) => new KeyValuePair<string, Value>(name, i < row.Count ? Value.FromString(row[i]) : Value.Nil)))));
        return Value.FromList(HarnList.Create(records));
    }

    private static List<List<string>> ParseRows(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var fieldStarted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    fieldStarted = true;
                    break;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    fieldStarted = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    row.Add(field.ToString());
                    rows.Add(row);
                    row = new List<string>();
                    field.Clear();
                    fieldStarted = false;
                    break;
                default:
                    field.Append(c);
                    fieldStarted = true;
                    break;
            }
        }

        if (fieldStarted || field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }

    private static Value Stringify(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var rows = Args.List(args, 0, "csv_stringify");
        var builder = new StringBuilder();
        if (HeadersOption(args) || (rows.Count > 0 && rows[0].Kind == ValueKind.Dict))
        {
            var columns = rows.Where(r => r.Kind == ValueKind.Dict).SelectMany(r => r.AsDict.Keys.ToArray()).Distinct().Order(HarnDict.KeyComparer.Instance).ToList();
            WriteRow(builder, columns);
            foreach (var row in rows)
            {
                WriteRow(builder, columns.Select(c => row.Kind == ValueKind.Dict && row.AsDict.TryGetValue(c, out var v) && !v.IsNil ? ValueFormatter.Display(v) : string.Empty));
            }
        }
        else
        {
            foreach (var row in rows)
            {
                WriteRow(builder, Strings.ItemsOf(row).ToArray().Select(ValueFormatter.Display));
            }
        }

        return Value.FromString(builder.ToString());
    }

    private static void WriteRow(StringBuilder builder, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            builder.Append(first ? string.Empty : ",");
            first = false;
            var needsQuotes = field.IndexOfAny([',', '"', '\n', '\r']) >= 0;
            builder.Append(needsQuotes ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field);
        }

        builder.Append('\n');
    }
}
