using System.Collections;
using System.Management.Automation;
using Harn.PowerShell.Chunks;
using Harn.PowerShell.Hooks;
using Harn.PowerShell.Hosting;
using Harn.PowerShell.Jobs;
using Harn.PowerShell.Runs;

namespace Harn.PowerShell.Commands;

/// <summary>
/// Runs Harn chunks in the background, one PowerShell job (type HarnJob) per chunk. Get-Job,
/// Receive-Job (output and information records), Wait-Job, Stop-Job and Remove-Job work on them;
/// Get-HarnRun and Stop-HarnRun see them as runs.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "HarnRun", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
[OutputType(typeof(HarnJob))]
public sealed class StartHarnRunCommand : HarnRunCommandBase
{
    private protected override void RunInput(ChunkInput input)
    {
        if (ShouldProcess(input.Location, "Start Harn run"))
        {
            WriteObject(HarnJob.Start(this, input, Name, Arguments, [.. ModuleState.Current.Hooks, .. RunHooks], TimeoutSec, Limits));
        }
    }
}
