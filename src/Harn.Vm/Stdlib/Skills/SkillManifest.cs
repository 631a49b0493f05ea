using System.Globalization;
using System.Text;

namespace Harn.Stdlib.Skills;

/// <summary>
/// The <c>[skills]</c> table of a project's <c>harn.toml</c>: extra skill directories
/// (<c>paths</c>, relative to the manifest), disabled layers (<c>disable</c>), the directory of
/// trusted signer keys (<c>signer_registry_url</c>) and whether every loaded skill must be signed
/// (<c>require_signature</c>). Values are TOML strings, booleans and arrays of strings (arrays may
/// span lines); other tables and value kinds are skipped.
/// </summary>
internal sealed record SkillManifest(IReadOnlyList<string> Paths, IReadOnlyList<string> Disable, string? SignerRegistry, bool RequireSignature)
{
    public static readonly SkillManifest None = new([], [], null, false);

    public static SkillManifest Read(string projectRoot)
    {
        var path = Path.Combine(projectRoot, ProjectManifest.FileName);
        string text;
        try
        {
            if (!File.Exists(path))
            {
                return None;
            }

            text = File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return None;
        }

        var table = Table(text, "skills");
        return new SkillManifest(
            Strings(table, "paths"),
            Strings(table, "disable"),
            table.TryGetValue("signer_registry_url", out var registry) && registry is string url ? url : null,
            table.TryGetValue("require_signature", out var required) && required is true);
    }

    private static IReadOnlyList<string> Strings(Dictionary<string, object?> table, string key) =>
        table.TryGetValue(key, out var value) && value is List<object?> list ? list.OfType<string>().ToList() : [];

    /// <summary>The plain keys of table <paramref name="name"/>: strings, booleans, integers and arrays of those.</summary>
    private static Dictionary<string, object?> Table(string text, string name)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var current = string.Empty;
        var position = 0;
        while (position < text.Length)
        {
            SkipSpaceAndComments(text, ref position, newlines: true);
            if (position >= text.Length)
            {
                break;
            }

            if (text[position] == '[')
            {
                var close = text.IndexOf('\n', position);
                var header = (close < 0 ? text[position..] : text[position..close]).Trim();
                current = header.TrimStart('[').Split(']')[0].Trim();
                position = close < 0 ? text.Length : close + 1;
                continue;
            }

            var equals = text.IndexOf('=', position);
            var lineEnd = text.IndexOf('\n', position);
            if (equals < 0 || (lineEnd >= 0 && lineEnd < equals))
            {
                position = lineEnd < 0 ? text.Length : lineEnd + 1;
                continue;
            }

            var key = text[position..equals].Trim().Trim('"', '\'');
            position = equals + 1;
            var value = ReadValue(text, ref position);
            if (current == name)
            {
                values[key] = value;
            }

            var rest = text.IndexOf('\n', position);
            position = rest < 0 ? text.Length : rest + 1;
        }

        return values;
    }

    private static void SkipSpaceAndComments(string text, ref int position, bool newlines)
    {
        while (position < text.Length)
        {
            var c = text[position];
            if (c == '#')
            {
                while (position < text.Length && text[position] != '\n')
                {
                    position++;
                }
            }
            else if (c is ' ' or '\t' or '\r' || (newlines && c == '\n'))
            {
                position++;
            }
            else
            {
                return;
            }
        }
    }

    private static object? ReadValue(string text, ref int position)
    {
        SkipSpaceAndComments(text, ref position, newlines: false);
        if (position >= text.Length)
        {
            return null;
        }

        var c = text[position];
        if (c == '[')
        {
            position++;
            var items = new List<object?>();
            while (true)
            {
                SkipSpaceAndComments(text, ref position, newlines: true);
                if (position >= text.Length)
                {
                    return items;
                }

                if (text[position] == ']')
                {
                    position++;
                    return items;
                }

                if (text[position] == ',')
                {
                    position++;
                    continue;
                }

                var before = position;
                items.Add(ReadValue(text, ref position));
                if (position == before)
                {
                    position++;
                }
            }
        }

        if (c is '"' or '\'')
        {
            return ReadString(text, ref position);
        }

        var start = position;
        while (position < text.Length && text[position] is not (',' or ']' or '\n' or '#' or '\r'))
        {
            position++;
        }

        var token = text[start..position].Trim();
        return token switch
        {
            "true" => true,
            "false" => false,
            _ when long.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
            _ => token,
        };
    }

    private static string ReadString(string text, ref int position)
    {
        var quote = text[position++];
        var builder = new StringBuilder();
        while (position < text.Length && text[position] != quote)
        {
            var c = text[position++];
            if (c == '\\' && quote == '"' && position < text.Length)
            {
                var escaped = text[position++];
                builder.Append(escaped switch
                {
                    'n' => '\n',
                    't' => '\t',
                    _ => escaped,
                });
                continue;
            }

            builder.Append(c);
        }

        position = Math.Min(text.Length, position + 1);
        return builder.ToString();
    }
}
