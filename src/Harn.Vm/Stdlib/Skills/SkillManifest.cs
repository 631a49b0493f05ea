using Harn.Runtime;

namespace Harn.Stdlib.Skills;

/// <summary>
/// The <c>[skills]</c> table of a project's <c>harn.toml</c>: extra skill directories
/// (<c>paths</c>, relative to the manifest), disabled layers (<c>disable</c>), the directory of
/// trusted signer keys (<c>signer_registry_url</c>) and whether every loaded skill must be signed
/// (<c>require_signature</c>). A manifest that is missing, unreadable or not valid TOML configures
/// nothing.
/// </summary>
internal sealed record SkillManifest(IReadOnlyList<string> Paths, IReadOnlyList<string> Disable, string? SignerRegistry, bool RequireSignature)
{
    public static readonly SkillManifest None = new([], [], null, false);

    public static SkillManifest Read(string projectRoot)
    {
        if (ProjectManifest.ReadToml(Path.Combine(projectRoot, ProjectManifest.FileName)) is not { } manifest
            || !manifest.TryGetValue("skills", out var skills) || skills.Kind != ValueKind.Dict)
        {
            return None;
        }

        var table = skills.AsDict;
        return new SkillManifest(
            Strings(table, "paths"),
            Strings(table, "disable"),
            table.Get("signer_registry_url") is { Kind: ValueKind.String } url ? url.AsString : null,
            table.Get("require_signature") is { Kind: ValueKind.Bool } required && required.AsBool);
    }

    private static IReadOnlyList<string> Strings(HarnDict table, string key) =>
        table.Get(key) is { Kind: ValueKind.List } list
            ? list.AsList.AsSpan().ToArray().Where(v => v.Kind == ValueKind.String).Select(v => v.AsString).ToList()
            : [];
}
