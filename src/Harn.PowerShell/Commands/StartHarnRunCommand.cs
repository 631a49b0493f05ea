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
[Cmdlet(VerbsLifecycle.Start, "HarnRun", DefaultParameterSetName = PathSet)]
[OutputType(typeof(HarnJob))]
public sealed class StartHarnRunCommand : HarnRunCommandBase
{
    private protected override void RunInput(ChunkInput input)
    {
        var state = ModuleState.Current;
        var run = new HarnRun(Name ?? input.Name, input.Location, background: true);
        var job = new HarnJob(MyInvocation.Line, run.Name, run, input, Arguments, [.. state.Hooks, .. RunHooks]);
        state.AddRun(run);
        HarnJobSourceAdapter.Add(job);
        if (TimeoutSec > 0)
        {
            run.StartTimeout(TimeSpan.FromSeconds(TimeoutSec));
        }

        job.StartJob();
        WriteObject(job);
    }
}
