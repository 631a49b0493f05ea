using System.Globalization;
using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Skills;

/// <summary>
/// Splits a <c>SKILL.md</c> into its YAML frontmatter (between a leading <c>---</c> line and the
/// next) and its markdown body. The frontmatter reader covers what skill cards use: top-level
/// <c>key: value</c> pairs whose values are plain or quoted scalars, booleans, numbers, inline
/// lists (<c>[a, b]</c>), block lists (<c>- item</c> lines), and folded or literal block scalars
/// (<c>&gt;</c>, <c>|</c>). Keys are normalized to snake case (<c>when-to-use</c> → <c>when_to_use</c>).
/// </summary>
internal static class SkillFrontmatter
{
    public static (HarnDict Fields, string Body) Parse(string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        var lines = text.Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd() != "---")
        {
            return (HarnDict.Empty, text);
        }

        var end = Array.FindIndex(lines, 1, line => line.TrimEnd() is "---" or "...");
        if (end < 0)
        {
            return (HarnDict.Empty, text);
        }

        var fields = ParseYaml(lines.AsSpan(1, end - 1));
        var body = string.Join('\n', lines.Skip(end + 1)).TrimStart('\n');
        return (fields, body);
    }

    /// <summary>The markdown body of a <c>SKILL.md</c> file (the text after its frontmatter).</summary>
    public static string Body(string text) => Parse(text).Body;

    public static string NormalizeKey(string key) => key.Trim().Replace('-', '_');

    private static HarnDict ParseYaml(ReadOnlySpan<string> lines)
    {
        var fields = HarnDict.Empty;
        var i = 0;
        while (i < lines.Length)
        {
            var line = lines[i];
            if (IsBlank(line) || line[0] is ' ' or '\t')
            {
                i++;
                continue;
            }

            var colon = KeyColon(line);
            if (colon <= 0)
            {
                i++;
                continue;
            }

            var key = NormalizeKey(Unquote(line[..colon].Trim()));
            var rest = StripComment(line[(colon + 1)..]).Trim();
            i++;
            if (rest is ">" or ">-" or "|" or "|-" or ">+" or "|+")
            {
                var block = new List<string>();
                while (i < lines.Length && (IsBlank(lines[i]) || lines[i][0] is ' ' or '\t'))
                {
                    block.Add(lines[i].Trim());
                    i++;
                }

                var joined = rest[0] == '|' ? string.Join('\n', block) : string.Join(' ', block.Where(b => b.Length > 0));
                fields = fields.With(key, Value.FromString(joined.TrimEnd()));
                continue;
            }

            if (rest.Length > 0)
            {
                fields = fields.With(key, Scalar(rest));
                continue;
            }

            var items = new List<Value>();
            while (i < lines.Length && (IsBlank(lines[i]) || lines[i][0] is ' ' or '\t' or '-'))
            {
                var item = lines[i].Trim();
                if (item.StartsWith('-'))
                {
                    items.Add(Scalar(StripComment(item[1..]).Trim()));
                }

                i++;
            }

            fields = fields.With(key, items.Count > 0 ? Value.FromList(HarnList.Create(items)) : Value.Nil);
        }

        return fields;
    }

    private static bool IsBlank(string line) => line.Trim().Length == 0 || line.TrimStart().StartsWith('#');

    /// <summary>The colon that ends the key (outside quotes, followed by a space or the end), or -1.</summary>
    private static int KeyColon(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == ':' && (i + 1 == line.Length || line[i + 1] is ' ' or '\t'))
            {
                return i;
            }
        }

        return -1;
    }

    private static string StripComment(string text)
    {
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || text[i - 1] is ' ' or '\t'))
            {
                return text[..i];
            }
        }

        return text;
    }

    private static Value Scalar(string text)
    {
        text = text.Trim();
        if (text.Length >= 2 && text[0] == '[' && text[^1] == ']')
        {
            return Value.FromList(HarnList.Create(SplitFlow(text[1..^1]).Select(Scalar)));
        }

        if (text.Length >= 2 && ((text[0] == '"' && text[^1] == '"') || (text[0] == '\'' && text[^1] == '\'')))
        {
            return Value.FromString(Unquote(text));
        }

        switch (text)
        {
            case "":
            case "~":
            case "null":
                return Value.Nil;
            case "true":
            case "True":
            case "yes":
                return Value.True;
            case "false":
            case "False":
            case "no":
                return Value.False;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return Value.FromInt(integer);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && text.Any(char.IsDigit))
        {
            return Value.FromFloat(number);
        }

        return Value.FromString(text);
    }

    /// <summary>The items of an inline list body, split on commas outside quotes and brackets.</summary>
    private static IEnumerable<string> SplitFlow(string text)
    {
        var items = new List<string>();
        var current = new StringBuilder();
        var quote = '\0';
        var depth = 0;
        foreach (var c in text)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                items.Add(current.ToString());
                current.Clear();
                continue;
            }

            current.Append(c);
        }

        items.Add(current.ToString());
        return items.Select(item => item.Trim()).Where(item => item.Length > 0);
    }

    private static string Unquote(string text)
    {
        if (text.Length < 2)
        {
            return text;
        }

        if (text[0] == '\'' && text[^1] == '\'')
        {
            return text[1..^1].Replace("''", "'", StringComparison.Ordinal);
        }

        if (text[0] != '"' || text[^1] != '"')
        {
            return text;
        }

        var inner = text[1..^1];
        var builder = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length)
            {
                i++;
                builder.Append(inner[i] switch
                {
                    'n' => '\n',
                    't' => '\t',
                    '"' => '"',
                    '\\' => '\\',
                    var other => other,
                });
                continue;
            }

            builder.Append(inner[i]);
        }

        return builder.ToString();
    }
}
