using System.Collections;
using System.Management.Automation;
using Harn.PowerShell.Chunks;
using Harn.PowerShell.Hooks;
using Harn.PowerShell.Hosting;
using Harn.Sandbox;

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

    /// <summary>Ends a run that executes more VM instructions (error HarnInstructionLimitExceeded); 0: no limit.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long MaxInstructions { get; set; }

    /// <summary>Most nested Harn calls (default 512); deeper recursion is the catchable <c>Stack overflow</c> error.</summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int MaxCallDepth { get; set; } = RunLimits.Default.MaxCallDepth;

    /// <summary>
    /// Ends a run that grows the managed heap by more megabytes (error HarnMemoryLimitExceeded).
    /// Default: half of the memory available to the process; 0: no limit.
    /// </summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int MaxMemoryMB { get; set; } = RunLimits.DefaultMaxMemoryMB;

    /// <summary>Builtins the runs may not call (upstream's <c>--deny</c>); a call is a permission_denied error.</summary>
    [Parameter]
    public string[]? DenyBuiltin { get; set; }

    /// <summary>The only builtins the runs may call besides the core ones (upstream's <c>--allow</c>).</summary>
    [Parameter]
    public string[]? AllowBuiltin { get; set; }

    /// <summary>Denies every builtin that reads or writes files.</summary>
    [Parameter]
    public SwitchParameter NoFileSystem { get; set; }

    /// <summary>Allows file reads only under these directories and denies every write and process.</summary>
    [Parameter]
    public string[]? ReadOnlyPath { get; set; }

    /// <summary>Denies every builtin that starts a process.</summary>
    [Parameter]
    public SwitchParameter NoProcess { get; set; }

    /// <summary>Denies every builtin that uses the network.</summary>
    [Parameter]
    public SwitchParameter NoNetwork { get; set; }

    /// <summary>Denies every builtin that reads environment variables or host and user identity.</summary>
    [Parameter]
    public SwitchParameter NoEnvironment { get; set; }

    /// <summary>The name the runs get in Get-HarnRun (default: the file name, or &lt;source&gt;).</summary>
    [Parameter]
    public string? Name { get; set; }

    /// <summary>The arguments bound from -ArgumentList and -Parameter.</summary>
    private protected ArgumentBinding Arguments { get; private set; } = ArgumentBinding.None;

    /// <summary>The limits and sandbox from -MaxInstructions, -MaxCallDepth, -MaxMemoryMB, -DenyBuiltin, -NoFileSystem, ....</summary>
    private protected RunLimits Limits { get; private set; } = RunLimits.Default;

    /// <summary>The hooks given with -Hook.</summary>
    private protected IReadOnlyList<HarnHook> RunHooks { get; private set; } = [];

    protected override void BeginProcessing()
    {
        Arguments = BindArguments(ArgumentList, Parameter);
        Limits = BindLimits();
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

    private RunLimits BindLimits()
    {
        if (DenyBuiltin is not null && AllowBuiltin is not null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-DenyBuiltin and -AllowBuiltin cannot be used together."), ErrorIds.HarnSandboxInvalid, ErrorCategory.InvalidArgument, null));
        }

        var denied = (NoFileSystem ? Capability.FileRead | Capability.FileWrite : Capability.None)
            | (NoProcess ? Capability.Process : Capability.None)
            | (NoNetwork ? Capability.Network : Capability.None)
            | (NoEnvironment ? Capability.Environment : Capability.None);
        var roots = ReadOnlyPath?.Select(path => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path)).ToArray();
        var sandboxed = DenyBuiltin is not null || AllowBuiltin is not null || denied != Capability.None || roots is not null;
        return new RunLimits(
            MaxInstructions,
            MaxCallDepth,
            MaxMemoryMB * 1024L * 1024L,
            sandboxed ? new SandboxPolicy(DenyBuiltin, AllowBuiltin, denied, roots) : null);
    }

    /// <summary>Runs one chunk, however the cmdlet runs them.</summary>
    private protected abstract void RunInput(ChunkInput input);
}
