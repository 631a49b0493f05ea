using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>
/// A named <c>agent_loop</c> preset (<c>tool_using</c>, <c>researcher</c>, <c>verifier</c>,
/// <c>completer</c>): loop budgets and retry counts that explicit options override.
/// </summary>
internal sealed record AgentProfile(int MaxIterations, int MaxNudges, int ToolRetries, int LlmRetries, int SchemaRetries)
{
    private static readonly IReadOnlyDictionary<string, AgentProfile> Profiles = new Dictionary<string, AgentProfile>(StringComparer.Ordinal)
    {
        ["tool_using"] = new(50, 8, 0, 2, 0),
        ["researcher"] = new(30, 4, 0, 2, 0),
        ["verifier"] = new(5, 0, 0, 2, 3),
        ["completer"] = new(1, 0, 0, 2, 0),
    };

    public static AgentProfile Of(HarnDict options)
    {
        var name = options.GetString("profile") ?? "tool_using";
        return Profiles.TryGetValue(name, out var profile)
            ? profile
            : throw RuntimeErrors.Thrown("agent_loop: profile must be one of tool_using, researcher, verifier, completer");
    }
}
