using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Harn.PowerShell.Hooks;

/// <summary>
/// What the hooks of a background run see of the session that started it: taken on the
/// pipeline thread when the run starts, applied to the run's own hook runspace. It holds the
/// session's global variables and functions, and the script-scope variables and functions of
/// each module a hook ScriptBlock was defined in. Variables keep their values by reference, so
/// a hashtable or other object is shared with the session; assigning a variable inside a hook
/// changes only the run's copy. Modules are not imported again: their commands autoload.
/// </summary>
internal sealed class HookSessionSnapshot
{
    /// <summary>Nothing to copy: the runs of a session without hooks, or of hooks that need nothing.</summary>
    public static readonly HookSessionSnapshot Empty = new([], []);

    private readonly IReadOnlyList<PSVariable> _variables;
    private readonly IReadOnlyList<(string Name, string Definition)> _functions;

    private HookSessionSnapshot(IReadOnlyList<PSVariable> variables, IReadOnlyList<(string Name, string Definition)> functions)
    {
        _variables = variables;
        _functions = functions;
    }

    /// <summary>Takes the snapshot for <paramref name="hooks"/>; call it on the pipeline thread of the session.</summary>
    public static HookSessionSnapshot Capture(PSCmdlet cmdlet, IReadOnlyList<HarnHook> hooks)
    {
        if (hooks.Count == 0)
        {
            return Empty;
        }

        var variables = new Dictionary<string, PSVariable>(StringComparer.OrdinalIgnoreCase);
        var functions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Collect(cmdlet.InvokeCommand.InvokeScript("Get-Variable -Scope Global; Get-ChildItem -Path Function:"), null, variables, functions);

        // A hook written in a module sees that module's script scope as its own.
        foreach (var module in hooks.Select(h => h.ScriptBlock.Module).OfType<PSModuleInfo>().Distinct())
        {
            Collect(module.NewBoundScriptBlock(ScriptBlock.Create("Get-Variable -Scope Script; Get-ChildItem -Path Function:")).Invoke(), module, variables, functions);
        }

        return new HookSessionSnapshot([.. variables.Values], [.. functions.Select(f => (f.Key, f.Value))]);
    }

    /// <summary>
    /// Copies the snapshot into <paramref name="runspace"/> (fresh, opened on this thread):
    /// variables the runspace does not define itself (and preference variables, which it does),
    /// and functions it does not define.
    /// </summary>
    public void Apply(Runspace runspace)
    {
        var state = runspace.SessionStateProxy;
        foreach (var variable in _variables)
        {
            if (state.PSVariable.Get(variable.Name) is null || IsPreference(variable.Name))
            {
                state.PSVariable.Set(variable.Name, variable.Value);
            }
        }

        if (_functions.Count == 0)
        {
            return;
        }

        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = runspace;
        foreach (var (name, definition) in _functions)
        {
            if (!state.InvokeProvider.Item.Exists("Function:" + name))
            {
                shell.AddCommand("Set-Item").AddParameter("Path", "Function:global:" + name).AddParameter("Value", ScriptBlock.Create(definition)).AddStatement();
            }
        }

        if (shell.Commands.Commands.Count > 0)
        {
            shell.Invoke();
        }
    }

    private static bool IsPreference(string name) => name.EndsWith("Preference", StringComparison.OrdinalIgnoreCase);

    /// <param name="owner">Whose functions to take: the session's own (null) or one module's.</param>
    private static void Collect(IEnumerable<PSObject> items, PSModuleInfo? owner, Dictionary<string, PSVariable> variables, Dictionary<string, string> functions)
    {
        foreach (var item in items)
        {
            switch (item.BaseObject)
            {
                case PSVariable variable when (variable.Options & (ScopedItemOptions.Constant | ScopedItemOptions.AllScope)) == 0:
                    // The value as of now: later assignments in the session are not seen.
                    variables[variable.Name] = new PSVariable(variable.Name, variable.Value);
                    break;

                // Functions of other modules are left to autoloading; the session's own (and a hook module's) are copied.
                case FunctionInfo function when function.Module == owner && function.ScriptBlock is { } body:
                    functions[function.Name] = body.ToString();
                    break;
            }
        }
    }
}
