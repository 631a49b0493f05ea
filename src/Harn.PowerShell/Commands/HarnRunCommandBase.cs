using System.Collections;
using System.Management.Automation;
using Harn.PowerShell.Chunks;
using Harn.PowerShell.Hooks;
using Harn.PowerShell.Hosting;

namespace Harn.PowerShell.Commands;

/// <summary>
/// What the cmdlets that run chunks share (Invoke-HarnChunk in the pipeline, Start-HarnRun as a
/// job): the chunk, its arguments, per-run hooks, a timeout and a run name, bound once per
/// pipeline and handed to <see cref="RunInput"/> for each chunk.
/// </summary>
public abstract class HarnRunCommandBase : HarnChunkCommandBase
{
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

    /// <summary>The arguments bound from -ArgumentList and -Parameter.</summary>
    private protected ArgumentBinding Arguments { get; private set; } = ArgumentBinding.None;

    /// <summary>The hooks given with -Hook.</summary>
    private protected IReadOnlyList<HarnHook> RunHooks { get; private set; } = [];

    protected override void BeginProcessing()
    {
        Arguments = BindArguments(ArgumentList, Parameter);
        RunHooks = HookArguments.FromTable(Hook, out var error);
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
            RunInput(new ChunkInput(() => chunk.Script, chunk.Path, (object?)chunk.Path ?? chunk, chunk.Name, chunk.Source));
            return;
        }

        foreach (var input in ResolveInputs())
        {
            RunInput(input);
        }
    }

    /// <summary>Runs one chunk, however the cmdlet runs them.</summary>
    private protected abstract void RunInput(ChunkInput input);
}
