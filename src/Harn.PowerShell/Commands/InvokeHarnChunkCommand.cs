using System.Collections;
using System.Management.Automation;
using Harn.PowerShell.Chunks;
using Harn.PowerShell.Hooks;
using Harn.PowerShell.Hosting;
using Harn.PowerShell.Runs;

namespace Harn.PowerShell.Commands;

/// <summary>
/// Compiles and runs Harn chunks on this pipeline. What the script prints is written to the
/// Information stream while it runs; the entry pipeline's value is written to the output,
/// converted to PowerShell objects (a list item by item, a generator or stream as its items
/// are produced). Session hooks and -Hook ScriptBlocks run on this thread. Compile and runtime
/// errors are non-terminating, so -ErrorAction applies per chunk.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "HarnChunk", DefaultParameterSetName = PathSet)]
[OutputType(typeof(object))]
public sealed class InvokeHarnChunkCommand : HarnChunkCommandBase
{
    private readonly object _gate = new();
    private HarnRun? _current;
    private bool _stopping;
    private ArgumentBinding _arguments = ArgumentBinding.None;
    private IReadOnlyList<HarnHook> _runHooks = [];

    /// <summary>A compiled chunk from New-HarnChunk; runs it without compiling again.</summary>
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

    /// <summary>Hooks for these runs only: a table of event name to ScriptBlock, e.g. <c>@{ PreFinish = { ... } }</c>.</summary>
    [Parameter]
    public IDictionary? Hook { get; set; }

    /// <summary>Cancels a run that takes longer (error HarnDeadlineExceeded).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int TimeoutSec { get; set; }

    /// <summary>The name the runs get in Get-HarnRun (default: the file name, or &lt;source&gt;).</summary>
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
            Run(new ChunkInput(() => chunk.Script, chunk.Path, (object?)chunk.Path ?? chunk, chunk.Name, chunk.Source));
            return;
        }

        foreach (var input in ResolveInputs())
        {
            Run(input);
        }
    }

    protected override void StopProcessing()
    {
        lock (_gate)
        {
            _stopping = true;
            _current?.Stop();
        }
    }

    private void Run(ChunkInput input)
    {
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
        var run = ChunkRun.Start(input.Compile, _arguments, [.. state.Hooks, .. _runHooks], info.Token);
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
