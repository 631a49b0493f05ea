namespace Harn.Hooks;

/// <summary>A step call in progress: its definition and the LLM usage recorded against it so far.</summary>
internal sealed class ActiveStep(StepDefinition definition)
{
    public StepDefinition Definition { get; } = definition;

    public long InputTokens { get; set; }

    public long OutputTokens { get; set; }

    public double CostUsd { get; set; }

    public int LlmCalls { get; set; }

    public string? LastModel { get; set; }

    public long TotalTokens => InputTokens + OutputTokens;
}
