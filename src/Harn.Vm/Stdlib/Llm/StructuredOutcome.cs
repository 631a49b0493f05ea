using Harn.Runtime;

namespace Harn.Stdlib.Llm;

/// <summary>
/// What the call pipeline produced: the last answer and, in JSON mode, the parsed data with how
/// it was found, or why it failed (<c>missing_json</c> or <c>schema_validation</c>).
/// </summary>
internal sealed class StructuredOutcome
{
    public required LlmResponse Response { get; init; }

    public Value Data { get; init; }

    public bool HasData { get; init; }

    public bool Extracted { get; init; }

    public int Attempts { get; init; }

    /// <summary>Null when the output is acceptable.</summary>
    public string? FailureCategory { get; init; }

    public IReadOnlyList<string> Errors { get; init; } = [];

    public string FailureMessage => FailureCategory switch
    {
        null => string.Empty,
        "missing_json" => "LLM response did not contain parseable JSON",
        _ => "LLM output failed schema validation: " + string.Join("; ", Errors),
    };
}
