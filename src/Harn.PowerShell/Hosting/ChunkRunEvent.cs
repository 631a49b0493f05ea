using Harn.Hosting;
using Harn.Runtime;

namespace Harn.PowerShell.Hosting;

/// <summary>What the VM thread reports to the pipeline thread, in order; a run ends with exactly one Completed or Failed.</summary>
public abstract record ChunkRunEvent
{
    private ChunkRunEvent() { }

    /// <summary>A piece of text the script wrote.</summary>
    public sealed record Output(OutputChannel Channel, string Text) : ChunkRunEvent;

    /// <summary>The run finished; <paramref name="Result"/> is the entry pipeline's value.</summary>
    public sealed record Completed(Value Result) : ChunkRunEvent;

    /// <summary>Compiling or running failed.</summary>
    public sealed record Failed(Exception Error) : ChunkRunEvent;
}
