using System.Collections;
using System.Management.Automation;
using Harn.PowerShell.Chunks;
using Harn.PowerShell.Hooks;
using Harn.PowerShell.Hosting;
using Harn.PowerShell.Jobs;
using Harn.PowerShell.Runs;

namespace Harn.PowerShell.Commands;

/// <summary>
/// Compiles and runs Harn chunks on this pipeline. What the script prints is written to the
/// Information stream while it runs; the entry pipeline's value is written to the output,
/// converted to PowerShell objects (a list item by item, a generator or stream as its items
/// are produced). Session hooks and -Hook ScriptBlocks run on this thread. Compile and runtime
/// errors are non-terminating, so -ErrorAction applies per chunk. With -AsJob each chunk runs in
/// the background instead, exactly as Start-HarnRun runs it.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "HarnChunk", DefaultParameterSetName = PathSet)]
[OutputType(typeof(object))]
[OutputType(typeof(HarnJob))]
public sealed class InvokeHarnChunkCommand : HarnRunCommandBase
{
    private readonly object _gate = new();
    private HarnRun? _current;
    private bool _stopping;

    /// <summary>Runs each chunk in the background as a HarnJob (as Start-HarnRun does) and writes the job.</summary>
    [Parameter]
    public SwitchParameter AsJob { get; set; }

    protected override void StopProcessing()
    {
        lock (_gate)
        {
            _stopping = true;
            _current?.Stop();
        }
    }

    private protected override void RunInput(ChunkInput input)
    {
        if (AsJob)
        {
            WriteObject(HarnJob.Start(this, input, Name, Arguments, [.. ModuleState.Current.Hooks, .. RunHooks], TimeoutSec, Limits));
            return;
        }

        var info = new HarnRun(Name ?? input.Name, input.Location, background: false);
        lock (_gate)
        {
            if (_stopping)
            {
                throw new PipelineStoppedException();
            }

            _current = info;
        }

        var state = ModuleState.Current;
        state.AddRun(info);
        if (TimeoutSec > 0)
        {
            info.StartTimeout(TimeSpan.FromSeconds(TimeoutSec));
        }

        WriteVerbose($"Harn run {info.Id} ({info.Name}) started.");
        var run = ChunkRun.Start(input.Compile, Arguments, [.. state.Hooks, .. RunHooks], info.Token, info.StopToken, info.Interrupts, Limits);
        var outcome = new RunPump(run, info, new CmdletRunSink(this, IsStopping), MyInvocation.MyCommand.Name, input).Pump();
        lock (_gate)
        {
            _current = null;
        }

        if (outcome == RunOutcome.Stopped)
        {
            throw new PipelineStoppedException();
        }
    }

    private bool IsStopping()
    {
        lock (_gate)
        {
            return _stopping;
        }
    }
}
