using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using Harn.PowerShell.Runs;

namespace Harn.PowerShell.Completion;

/// <summary>Completes the names of this session's runs.</summary>
public sealed class RunNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        ModuleState.Current.Runs
            .Select(run => run.Name)
            .Distinct(StringComparer.Ordinal)
            .Where(name => name.StartsWith((wordToComplete ?? "").Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
            .Select(name => new CompletionResult(name.Contains(' ', StringComparison.Ordinal) || name.Contains('<', StringComparison.Ordinal) ? $"'{name}'" : name, name, CompletionResultType.ParameterValue, name))
            .ToList();
}
