using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using Harn.PowerShell.Runs;

namespace Harn.PowerShell.Completion;

/// <summary>Completes the ids of this session's runs, newest first, with their name and state as the tooltip.</summary>
public sealed class RunIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        ModuleState.Current.Runs
            .Reverse()
            .Select(run => run.Id.ToString(CultureInfo.InvariantCulture))
            .Where(id => id.StartsWith(wordToComplete ?? "", StringComparison.Ordinal))
            .Select(id => new CompletionResult(id, id, CompletionResultType.ParameterValue, id))
            .ToList();
}
