using Harn.Runtime;

namespace Harn.Hooks;

/// <summary>
/// A function declared with <c>@step(...)</c>: its name and error boundary. Model and budget
/// arguments are accepted; budgets are enforced by whatever raises the budget error.
/// </summary>
internal sealed record StepDefinition(string Name, string Function, Value Callable, StepErrorBoundary ErrorBoundary)
{
    private const string Usage = "__register_step: expected (function, metadata_dict)";

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
        return new StepDefinition(name, functionName, function, ParseBoundary(meta.Get("error_boundary")));
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
