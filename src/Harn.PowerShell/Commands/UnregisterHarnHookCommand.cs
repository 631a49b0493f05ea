using System.Management.Automation;
using Harn.PowerShell.Hooks;
using Harn.PowerShell.Runs;

namespace Harn.PowerShell.Commands;

/// <summary>Removes hooks from this session; runs already started keep the hooks they began with.</summary>
[Cmdlet(VerbsLifecycle.Unregister, "HarnHook", SupportsShouldProcess = true, DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(HarnHook))]
public sealed class UnregisterHarnHookCommand : PSCmdlet
{
    private const string InputObjectSet = "InputObject";
    private const string IdSet = "Id";
    private const string NameSet = "Name";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public HarnHook[] InputObject { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    public int[] Id { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = NameSet)]
    public string[] Name { get; set; } = [];

    /// <summary>Writes the removed hooks.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var state = ModuleState.Current;
        switch (ParameterSetName)
        {
            case IdSet:
                foreach (var id in Id)
                {
                    Remove(state, state.Hooks.FirstOrDefault(h => h.Id == id), id);
                }

                break;
            case NameSet:
                foreach (var name in Name)
                {
                    Remove(state, state.Hooks.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)), name);
                }

                break;
            default:
                foreach (var hook in InputObject)
                {
                    Remove(state, hook, hook.Id);
                }

                break;
        }
    }

    private void Remove(ModuleState state, HarnHook? hook, object key)
    {
        if (hook is null || !state.Hooks.Contains(hook))
        {
            WriteError(GetHarnHookCommand.NotFound(key));
            return;
        }

        if (ShouldProcess(hook.ToString(), "Unregister Harn hook") && state.RemoveHook(hook) && PassThru)
        {
            WriteObject(hook);
        }
    }
}
