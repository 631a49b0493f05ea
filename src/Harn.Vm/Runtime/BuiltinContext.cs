using Harn.Hosting;

namespace Harn.Runtime;

/// <summary>
/// What a builtin may ask of the VM that runs it: write output, call back into Harn
/// (for <c>map</c>, <c>filter</c>, hooks), observe cancellation.
/// </summary>
public abstract class BuiltinContext
{
    /// <summary>Appends script output (the VM's output buffer for stdout; the host for stderr).</summary>
    public abstract void Write(OutputChannel channel, string text);

    /// <summary>Calls a closure or builtin value synchronously and returns its result.</summary>
    public abstract Value Invoke(Value callable, ReadOnlySpan<Value> args);

    /// <summary>Signalled when the run is cancelled.</summary>
    public abstract CancellationToken CancellationToken { get; }

    /// <summary>
    /// Throws when the run must end now: it was cancelled, or a resource limit (the memory
    /// ceiling) was hit. A builtin that may produce a great many items calls this now and then,
    /// since the VM itself only checks between instructions.
    /// </summary>
    public virtual void ThrowIfStopped() => CancellationToken.ThrowIfCancellationRequested();

    /// <summary>Directory of the file being run (imports and <c>render</c> resolve against it), or null.</summary>
    public abstract string? SourceDirectory { get; }

    /// <summary>
    /// The name the run's checkpoints are kept under (<c>.harn/checkpoints/&lt;name&gt;.json</c>): the
    /// entry file's name without its extension, as upstream's runner derives it. Null for source
    /// without a file, whose checkpoints go to <c>default.json</c>.
    /// </summary>
    public virtual string? PipelineName => null;
}
