using System.Globalization;
using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Mcp;

/// <summary>
/// Reads the <c>[[mcp]]</c> tables of a project's harn.toml: one server description per table
/// (<c>name</c>, <c>command</c>, <c>args</c>, <c>transport</c>, <c>url</c>, <c>lazy</c>,
/// <c>card</c>, ...), with string, integer, boolean, array and inline-table values.
/// </summary>
internal static class McpManifest
{
    public static List<HarnDict> Servers(string manifestPath)
    {
        var servers = new List<HarnDict>();
        HarnDict? current = null;
        foreach (var raw in File.ReadLines(manifestPath))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line[0] == '[')
            {
                if (current is not null)
                {
                    servers.Add(current);
                }

                current = line.StartsWith("[[mcp]]", StringComparison.Ordinal) ? HarnDict.Empty : null;
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (current is null || equals <= 0)
            {
                continue;
            }

            var key = line[..equals].Trim().Trim('"');
            var at = equals + 1;
            if (TryValue(line, ref at, out var value))
            {
                current = current.With(key, value);
            }
        }

        if (current is not null)
        {
            servers.Add(current);
        }

        return servers.Where(s => s.TryGetValue("name", out var name) && name.Kind == ValueKind.String).ToList();
    }

    private static void SkipSpace(string text, ref int at)
    {
        while (at < text.Length && char.IsWhiteSpace(text[at]))
        {
            at++;
        }
    }

    private static bool TryValue(string text, ref int at, out Value value)
    {
        SkipSpace(text, ref at);
        value = Value.Nil;
        if (at >= text.Length)
        {
            return false;
        }

        switch (text[at])
        {
            case '"':
            case '\'':
                return TryString(text, ref at, out value);
            case '[':
                return TryArray(text, ref at, out value);
            case '{':
                return TryTable(text, ref at, out value);
        }

        var start = at;
        while (at < text.Length && text[at] is not (',' or ']' or '}' or '#') && !char.IsWhiteSpace(text[at]))
        {
            at++;
        }

        var word = text[start..at];
        value = word switch
        {
            "true" => Value.True,
            "false" => Value.False,
            _ when long.TryParse(word, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => Value.FromInt(number),
            _ when double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => Value.FromFloat(real),
            _ => Value.Nil,
        };
        return !value.IsNil;
    }

    private static bool TryString(string text, ref int at, out Value value)
    {
        var quote = text[at++];
        var builder = new StringBuilder();
        while (at < text.Length && text[at] != quote)
        {
            if (quote == '"' && text[at] == '\\' && at + 1 < text.Length)
            {
                at++;
                builder.Append(text[at] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
            }
            else
            {
                builder.Append(text[at]);
            }

            at++;
        }

        at++;
        value = Value.FromString(builder.ToString());
        return true;
    }

    private static bool TryArray(string text, ref int at, out Value value)
    {
        at++;
        var items = new List<Value>();
        while (true)
        {
            SkipSpace(text, ref at);
            if (at >= text.Length || text[at] == ']')
            {
                at++;
                break;
            }

            if (text[at] == ',')
            {
                at++;
                continue;
            }

            if (!TryValue(text, ref at, out var item))
            {
                break;
            }

            items.Add(item);
        }

        value = Value.FromList(HarnList.Create(items));
        return true;
    }

    private static bool TryTable(string text, ref int at, out Value value)
    {
        at++;
        var table = HarnDict.Empty;
        while (true)
        {
            SkipSpace(text, ref at);
            if (at >= text.Length || text[at] == '}')
            {
                at++;
                break;
            }

            if (text[at] == ',')
            {
                at++;
                continue;
            }

            var equals = text.IndexOf('=', at);
            if (equals < 0)
            {
                break;
            }

            var key = text[at..equals].Trim().Trim('"');
            at = equals + 1;
            if (!TryValue(text, ref at, out var item))
            {
                break;
            }

            table = table.With(key, item);
        }

        value = Value.FromDict(table);
        return true;
    }
}
