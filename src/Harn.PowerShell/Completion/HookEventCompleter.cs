using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using Harn.Hooks;

namespace Harn.PowerShell.Completion;

/// <summary>Completes hook event names (PascalCase wire names).</summary>
public sealed class HookEventCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = (wordToComplete ?? "").Trim('\'', '"');
        return HookEvents.All
            .Select(HookEvents.WireName)
            .Where(name => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(name => new CompletionResult(name, name, CompletionResultType.ParameterValue, $"{name} ({HookEvents.KindOf(HookEvents.TryParse(name, out var e) ? e : default)} event)"));
    }
}
