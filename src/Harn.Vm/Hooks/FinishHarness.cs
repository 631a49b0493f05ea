using System.Globalization;
using Harn.Runtime;

namespace Harn.Hooks;

/// <summary>
/// The <c>Harness</c> value a <c>pipeline_on_finish</c> callback receives first: it reports the
/// work still unsettled when the entry pipeline returned (<c>is_empty()</c>, <c>counts()</c>,
/// <c>summary()</c>, <c>unsettled()</c>). The capability sub-handles of upstream's harness
/// (stdio, clock, fs, ...) are not part of this runtime; builtins do that work here.
/// </summary>
internal sealed class FinishHarness(IReadOnlyList<Value> unsettled) : IHarnObject, IVmMethodTarget
{
    public string TypeName => "Harness";

    public string Display() => "<Harness>";

    public Value InvokeMethod(BuiltinContext context, string name, ReadOnlySpan<Value> args) => name switch
    {
        "is_empty" => Value.FromBool(unsettled.Count == 0),
        "counts" => Value.FromDict(HarnDict.FromEntries([new("tasks", Value.FromInt(unsettled.Count))])),
        "summary" => Value.FromString(Summary()),
        "unsettled" => Value.FromList(HarnList.Create(unsettled)),
        _ => throw RuntimeErrors.Runtime($"Harness has no method `{name}`"),
    };

    /// <summary><c>no unsettled work</c>, <c>1 unsettled task</c>, <c>3 unsettled tasks</c>.</summary>
    private string Summary() => unsettled.Count switch
    {
        0 => "no unsettled work",
        1 => "1 unsettled task",
        var count => string.Create(CultureInfo.InvariantCulture, $"{count} unsettled tasks"),
    };
}
