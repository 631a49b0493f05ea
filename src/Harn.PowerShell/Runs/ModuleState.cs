using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using Harn.PowerShell.Hooks;

namespace Harn.PowerShell.Runs;

/// <summary>
/// What the module remembers per runspace (session): the registered hooks and the runs. Two
/// runspaces in one process never see each other's hooks or runs.
/// </summary>
internal sealed class ModuleState
{
    /// <summary>How many finished runs are kept for Get-HarnRun; older ones are forgotten.</summary>
    private const int MaxFinishedRuns = 100;

    private static readonly ConditionalWeakTable<Runspace, ModuleState> States = new();
    private static readonly ModuleState NoRunspace = new();

    private readonly object _gate = new();
    private readonly List<HarnHook> _hooks = [];
    private readonly List<HarnRun> _runs = [];

    public static ModuleState Current => Runspace.DefaultRunspace is { } runspace ? States.GetValue(runspace, _ => new ModuleState()) : NoRunspace;

    public IReadOnlyList<HarnHook> Hooks
    {
        get
        {
            lock (_gate)
            {
                return [.. _hooks];
            }
        }
    }

    public IReadOnlyList<HarnRun> Runs
    {
        get
        {
            lock (_gate)
            {
                return [.. _runs];
            }
        }
    }

    public void AddHook(HarnHook hook)
    {
        lock (_gate)
        {
            _hooks.Add(hook);
        }
    }

    public bool RemoveHook(HarnHook hook)
    {
        lock (_gate)
        {
            return _hooks.Remove(hook);
        }
    }

    public void AddRun(HarnRun run)
    {
        lock (_gate)
        {
            _runs.Add(run);
            var finished = _runs.Count(r => r.State != HarnRunState.Running);
            for (var i = 0; i < _runs.Count && finished > MaxFinishedRuns; i++)
            {
                if (_runs[i].State != HarnRunState.Running)
                {
                    _runs.RemoveAt(i--);
                    finished--;
                }
            }
        }
    }
}
