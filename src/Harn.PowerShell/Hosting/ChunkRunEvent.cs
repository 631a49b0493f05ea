using Harn.Hooks;
using Harn.Hosting;
using Harn.PowerShell.Hooks;
using Harn.Runtime;

namespace Harn.PowerShell.Hosting;

/// <summary>What the VM thread reports to the pipeline thread, in order; a run ends with exactly one Completed or Failed.</summary>
public abstract record ChunkRunEvent
{
    private ChunkRunEvent() { }

    /// <summary>A piece of text the script wrote.</summary>
    public sealed record Output(OutputChannel Channel, string Text) : ChunkRunEvent;

    /// <summary>One item of a generator, stream or iter result; the VM waits until it has been written.</summary>
    public sealed record Item(Value Value) : ChunkRunEvent;

    /// <summary>How far a long operation of the run (an agent loop) has come.</summary>
    public sealed record Progress(HarnProgress Report) : ChunkRunEvent;

    /// <summary>A PowerShell hook to run on the pipeline thread; the VM waits for <paramref name="Reply"/>.</summary>
    public sealed record HookCall(HarnHook Hook, HookEvent Event, Value Payload, TaskCompletionSource<Value> Reply) : ChunkRunEvent;

    /// <summary>The run finished; <paramref name="Result"/> is the entry pipeline's value.</summary>
    public sealed record Completed(Value Result) : ChunkRunEvent;

    /// <summary>Compiling or running failed.</summary>
    public sealed record Failed(Exception Error) : ChunkRunEvent;
}
