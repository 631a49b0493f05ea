using System.Management.Automation;
using Harn.PowerShell.Completion;
using Harn.PowerShell.Hooks;
using Harn.PowerShell.Runs;

namespace Harn.PowerShell.Commands;

/// <summary>
/// Registers a ScriptBlock as a hook of this session: every later run in this runspace calls it
/// for the event, with the payload as <c>$_</c> (and first argument), on the thread that owns the
/// runspace. It returns $null or $true (allow), $false (block), or a hashtable such as
/// <c>@{ block = $true; reason = '...' }</c>, <c>@{ modify = @{...} }</c> or <c>@{ decision = 'deny' }</c>.
/// </summary>
[Cmdlet(VerbsLifecycle.Register, "HarnHook", SupportsShouldProcess = true)]
[OutputType(typeof(HarnHook))]
public sealed class RegisterHarnHookCommand : PSCmdlet
{
    /// <summary>The event: PascalCase (<c>PreFinish</c>) or snake_case (<c>pre_finish</c>).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(HookEventCompleter))]
    [ValidateNotNullOrEmpty]
    public string Event { get; set; } = "";

    /// <summary>The code to run.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public ScriptBlock ScriptBlock { get; set; } = null!;

    /// <summary>Which payloads the hook sees (default <c>*</c>: all).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Pattern { get; set; } = "*";

    /// <summary>A name for Get-HarnHook and Unregister-HarnHook (default Hook&lt;Id&gt;).</summary>
    [Parameter]
    public string? Name { get; set; }

    /// <summary>The hook deadline in seconds (default 30): a hook that runs longer is stopped and the run fails.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 30;

    protected override void ProcessRecord()
    {
        if (!HookArguments.TryParseEvent(Event, out var hookEvent, out var error))
        {
            ThrowTerminatingError(error!);
        }

        if (!ShouldProcess($"{hookEvent} (pattern '{Pattern}')", "Register Harn hook"))
        {
            return;
        }

        var hook = new HarnHook(hookEvent, Pattern, ScriptBlock, Name, TimeSpan.FromSeconds(TimeoutSec));
        ModuleState.Current.AddHook(hook);
        WriteObject(hook);
    }
}
