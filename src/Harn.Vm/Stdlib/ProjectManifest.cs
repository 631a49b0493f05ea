using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>
/// A project's <c>harn.toml</c>, read with the one TOML reader (<see cref="TomlReader"/>), and the
/// part of it the runtime itself uses: the <c>[asset_roots]</c> table (alias = "directory under
/// the project root"). Skills and MCP servers read their own tables through <see cref="ReadToml"/>.
/// </summary>
internal static class ProjectManifest
{
    public const string FileName = "harn.toml";

    /// <summary>
    /// The manifest at <paramref name="path"/> as a dict, or null when it is missing, unreadable or
    /// not valid TOML (a broken manifest configures nothing rather than failing every run).
    /// </summary>
    public static HarnDict? ReadToml(string path)
    {
        try
        {
            return File.Exists(path) && TomlReader.Parse(File.ReadAllText(path)) is { Kind: ValueKind.Dict } manifest ? manifest.AsDict : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or HarnRuntimeException)
        {
            return null;
        }
    }

    /// <summary>The <c>[asset_roots]</c> aliases of the manifest in <paramref name="projectRoot"/> (empty when absent).</summary>
    public static IReadOnlyDictionary<string, string> AssetRoots(string projectRoot)
    {
        var roots = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ReadToml(Path.Combine(projectRoot, FileName))?.Get("asset_roots") is { Kind: ValueKind.Dict } table)
        {
            foreach (var (alias, directory) in table.AsDict)
            {
                if (directory.Kind == ValueKind.String)
                {
                    roots[alias] = directory.AsString;
                }
            }
        }

        return roots;
    }
}
