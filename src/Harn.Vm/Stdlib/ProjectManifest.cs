using System.Text;

namespace Harn.Stdlib;

/// <summary>
/// The parts of a project's <c>harn.toml</c> the runtime reads: the <c>[asset_roots]</c> table
/// (alias = "directory under the project root"). Only that table's plain string entries matter,
/// so a line-oriented reader suffices; other tables are skipped.
/// </summary>
internal static class ProjectManifest
{
    public const string FileName = "harn.toml";

    /// <summary>The <c>[asset_roots]</c> aliases of the manifest in <paramref name="projectRoot"/> (empty when absent).</summary>
    public static IReadOnlyDictionary<string, string> AssetRoots(string projectRoot)
    {
        var roots = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = Path.Combine(projectRoot, FileName);
        if (!File.Exists(path))
        {
            return roots;
        }

        var inAssetRoots = false;
        foreach (var rawLine in File.ReadLines(path))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line[0] == '[')
            {
                inAssetRoots = line.TrimEnd() == "[asset_roots]";
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (inAssetRoots && equals > 0 && TryParseString(line[(equals + 1)..].Trim(), out var value))
            {
                roots[line[..equals].Trim().Trim('"', '\'')] = value;
            }
        }

        return roots;
    }

    /// <summary>A TOML basic ("...", with escapes) or literal ('...') string, ignoring a trailing comment.</summary>
    private static bool TryParseString(string text, out string value)
    {
        value = string.Empty;
        if (text.Length < 2 || (text[0] != '"' && text[0] != '\''))
        {
            return false;
        }

        var quote = text[0];
        var builder = new StringBuilder();
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == quote)
            {
                value = builder.ToString();
                return true;
            }

            if (c == '\\' && quote == '"' && i + 1 < text.Length)
            {
                i++;
                builder.Append(text[i] switch
                {
                    'n' => '\n',
                    't' => '\t',
                    _ => text[i],
                });
                continue;
            }

            builder.Append(c);
        }

        return false;
    }
}
