using Harn.Runtime;

namespace Harn.Stdlib.Llm;

/// <summary>
/// One row of the capability matrix: a model glob (matched against the lowercased model id), an
/// optional minimum <c>[major, minor]</c> version, and the capability fields it sets.
/// </summary>
internal sealed record CapabilityRule(string ModelMatch, (int Major, int Minor)? VersionMin, HarnDict Fields)
{
    public bool Matches(string model)
    {
        var lower = model.ToLowerInvariant();
        if (!MockEntry.Glob(ModelMatch.ToLowerInvariant()).IsMatch(lower))
        {
            return false;
        }

        if (VersionMin is not { } minimum)
        {
            return true;
        }

        return ModelVersion.Of(lower) is { } version && (version.Major > minimum.Major || (version.Major == minimum.Major && version.Minor >= minimum.Minor));
    }
}
