using System.Management.Automation;
using Harn.PowerShell.Completion;
using Harn.PowerShell.Hooks;
using Harn.PowerShell.Runs;

namespace Harn.PowerShell.Commands;

/// <summary>Lists the hooks registered in this session, in the order they run.</summary>
[Cmdlet(VerbsCommon.Get, "HarnHook", DefaultParameterSetName = NameSet)]
[OutputType(typeof(HarnHook))]
public sealed class GetHarnHookCommand : PSCmdlet
{
    private const string NameSet = "Name";
    private const string IdSet = "Id";

    /// <summary>Hook names; wildcards allowed.</summary>
    [Parameter(Position = 0, ParameterSetName = NameSet)]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = IdSet)]
    public int[] Id { get; set; } = [];

    /// <summary>Only hooks of this event.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(HookEventCompleter))]
    public string? Event { get; set; }

    protected override void ProcessRecord()
    {
        IEnumerable<HarnHook> hooks = ModuleState.Current.Hooks;
        if (Event is not null)
        {
            if (!HookArguments.TryParseEvent(Event, out var hookEvent, out var error))
            {
                ThrowTerminatingError(error!);
            }

            hooks = hooks.Where(h => h.Event == hookEvent);
        }

        if (ParameterSetName == IdSet)
        {
            foreach (var id in Id)
            {
                var found = hooks.Where(h => h.Id == id).ToList();
                if (found.Count == 0)
                {
                    WriteError(NotFound(id));
                }

                WriteObject(found, enumerateCollection: true);
            }

            return;
        }

        foreach (var hook in hooks)
        {
            if (Name is null || Name.Any(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase).IsMatch(hook.Name)))
            {
                WriteObject(hook);
            }
        }
    }

    internal static ErrorRecord NotFound(object key) => new(
        new ItemNotFoundException($"No Harn hook with id or name '{key}' is registered in this session."),
        ErrorIds.HarnHookNotFound,
        ErrorCategory.ObjectNotFound,
        key);
}
