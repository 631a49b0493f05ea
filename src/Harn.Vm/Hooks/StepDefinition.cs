using Harn.Runtime;

namespace Harn.Hooks;

/// <summary>
/// A function declared with <c>@step(...)</c>: its name, model, budget and error boundary.
/// The budget is checked as LLM usage is recorded against the running step
/// (<see cref="StepRuntime.RecordLlmUsage"/>).
/// </summary>
internal sealed record StepDefinition(string Name, string Function, Value Callable, StepErrorBoundary ErrorBoundary)
{
    private const string Usage = "__register_step: expected (function, metadata_dict)";

    /// <summary>The model LLM calls in the step default to; null when the step names none.</summary>
    public string? Model { get; init; }

    /// <summary>The most tokens (input and output) the step may use; null for no limit.</summary>
    public long? MaxTokens { get; init; }

    /// <summary>The most the step's LLM calls may cost in USD; null for no limit.</summary>
    public double? MaxUsd { get; init; }

    /// <summary>Reads the metadata the compiler builds from the attribute's arguments.</summary>
    public static StepDefinition FromMetadata(Value function, Value metadata)
    {
        if (function.Kind != ValueKind.Closure || metadata.Kind != ValueKind.Dict)
        {
            throw RuntimeErrors.Thrown(Usage);
        }

        var functionName = function.As<Closure>().Name;
        var meta = metadata.AsDict;
        var name = meta.Get("name") is { Kind: ValueKind.String } named && named.AsString.Length > 0 ? named.AsString : functionName;
        var budget = meta.Get("budget") is { Kind: ValueKind.Dict } given ? given.AsDict : HarnDict.Empty;
        return new StepDefinition(name, functionName, function, ParseBoundary(meta.Get("error_boundary")))
        {
            Model = meta.Get("model") is { Kind: ValueKind.String } model && model.AsString.Length > 0 ? model.AsString : null,
            // Like upstream: a token limit counts only when positive, a cost limit when not negative.
            MaxTokens = budget.Get("max_tokens") is { Kind: ValueKind.Int } tokens && tokens.AsInt > 0 ? tokens.AsInt : null,
            MaxUsd = budget.Get("max_usd") is { IsNumber: true } usd && usd.AsNumber >= 0 ? usd.AsNumber : null,
        };
    }

    private static StepErrorBoundary ParseBoundary(Value boundary) => boundary switch
    {
        { IsNil: true } => StepErrorBoundary.Fail,
        { Kind: ValueKind.String } text when text.AsString == "fail" => StepErrorBoundary.Fail,
        { Kind: ValueKind.String } text when text.AsString == "continue" => StepErrorBoundary.Continue,
        { Kind: ValueKind.String } text when text.AsString == "escalate" => StepErrorBoundary.Escalate,
        _ => throw RuntimeErrors.Thrown(
            $"__register_step: error_boundary must be \"fail\", \"continue\" or \"escalate\", got {ValueFormatter.Display(boundary)}"),
    };
}
