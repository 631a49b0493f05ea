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
public sealed class StartHarnRunCommand : HarnChunkCommandBase
{
    private ArgumentBinding _arguments = ArgumentBinding.None;
    private IReadOnlyList<HarnHook> _runHooks = [];

    /// <summary>A compiled chunk from New-HarnChunk.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ChunkSet, ValueFromPipeline = true)]
    public HarnChunk? Chunk { get; set; }

    /// <summary>Values for the entry pipeline's parameters, in order.</summary>
    [Parameter(Position = 1, ParameterSetName = PathSet, ValueFromRemainingArguments = true)]
    [Parameter(Position = 1, ParameterSetName = ChunkSet, ValueFromRemainingArguments = true)]
    [Parameter(Position = 0, ParameterSetName = LiteralPathSet, ValueFromRemainingArguments = true)]
    [Parameter(Position = 0, ParameterSetName = SourceSet, ValueFromRemainingArguments = true)]
    [Alias("Args")]
    public object?[]? ArgumentList { get; set; }

    /// <summary>Values for the entry pipeline's parameters, by name.</summary>
    [Parameter]
    public IDictionary? Parameter { get; set; }

    /// <summary>Hooks for these runs only: a table of event name to ScriptBlock.</summary>
    [Parameter]
    public IDictionary? Hook { get; set; }

    /// <summary>Cancels a run that takes longer (error HarnDeadlineExceeded in the job).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int TimeoutSec { get; set; }

    /// <summary>The job's and run's name (default: the file name, or &lt;source&gt;).</summary>
    [Parameter]
    public string? Name { get; set; }

    protected override void BeginProcessing()
    {
        _arguments = BindArguments(ArgumentList, Parameter);
        _runHooks = HookArguments.FromTable(Hook, out var error);
        if (error is not null)
        {
            ThrowTerminatingError(error);
        }
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ChunkSet)
        {
            var chunk = Chunk!;
            Start(new ChunkInput(() => chunk.Script, chunk.Path, (object?)chunk.Path ?? chunk, chunk.Name, chunk.Source));
            return;
        }

        foreach (var input in ResolveInputs())
        {
            Start(input);
        }
    }

    private void Start(ChunkInput input)
    {
        var state = ModuleState.Current;
        var run = new HarnRun(Name ?? input.Name, input.Location, background: true);
        var job = new HarnJob(MyInvocation.Line, run.Name, run, input, _arguments, [.. state.Hooks, .. _runHooks]);
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
