namespace Harn.Stdlib.Llm;

/// <summary>A categorized provider failure inside the call pipeline; it reaches scripts as <see cref="LlmError.ToException"/>.</summary>
internal sealed class LlmFailure(LlmError error) : Exception(error.Message)
{
    public LlmError Error { get; } = error;
}
