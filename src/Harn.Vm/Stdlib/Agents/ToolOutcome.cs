using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>
/// What came of one tool call: <see cref="Status"/> is <c>ok</c>, <c>error</c> (unknown tool, bad
/// arguments, a failing handler) or <c>rejected</c> (policy or hook refused it).
/// <see cref="Text"/> is what the model is shown.
/// </summary>
internal sealed record ToolOutcome(string Status, Value Result, string Text, string? Reason, Value Arguments)
{
    public bool IsOk => Status == "ok";

    public bool IsRejected => Status == "rejected";

    /// <summary><c>{tool_name, status, result, text, reason?}</c> as post-turn callbacks and traces see it.</summary>
    public Value ToValue(string tool)
    {
        var dict = HarnDict.Empty
            .With("tool_name", AgentValues.Str(tool))
            .With("status", AgentValues.Str(Status))
            .With("result", Result)
            .With("text", AgentValues.Str(Text))
            .With("arguments", Arguments);
        return Value.FromDict(Reason is null ? dict : dict.With("reason", AgentValues.Str(Reason)));
    }
}
