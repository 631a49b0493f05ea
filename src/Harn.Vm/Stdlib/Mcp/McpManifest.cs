using Harn.Runtime;

namespace Harn.Stdlib.Mcp;

/// <summary>
/// Reads the <c>[[mcp]]</c> tables of a project's harn.toml: one server description per table
/// (<c>name</c>, <c>command</c>, <c>args</c>, <c>transport</c>, <c>url</c>, <c>lazy</c>,
/// <c>card</c>, ...). Tables without a string <c>name</c> are skipped; a manifest that is missing,
/// unreadable or not valid TOML has no servers.
/// </summary>
internal static class McpManifest
{
    public static List<HarnDict> Servers(string manifestPath) =>
        ProjectManifest.ReadToml(manifestPath) is { } manifest && manifest.Get("mcp") is { Kind: ValueKind.List } tables
            ? tables.AsList.AsSpan().ToArray()
                .Where(t => t.Kind == ValueKind.Dict && t.AsDict.Get("name").Kind == ValueKind.String)
                .Select(t => t.AsDict)
                .ToList()
            : [];
}
