using Harn.Runtime;

namespace Harn.Hosting;

/// <summary>How to run a <see cref="HarnScript"/>.</summary>
public sealed class HarnRunOptions
{
    /// <summary>Receives output as it is produced, on the thread that runs the VM.</summary>
    public Action<OutputChannel, string>? Output { get; init; }

    /// <summary>Cancels the run; it ends with the <c>kind:cancelled:VM cancelled by host</c> error.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Values bound to the entry pipeline's parameters, by name.</summary>
    public IReadOnlyDictionary<string, Value>? Arguments { get; init; }

    /// <summary>Most nested Harn calls before the run fails with <c>Stack overflow: too many nested calls</c>.</summary>
    public int MaxCallDepth { get; init; } = 512;

    /// <summary>Adds or replaces builtins after the standard library is registered (host functions, test doubles).</summary>
    public Action<BuiltinRegistry>? ConfigureBuiltins { get; init; }

    /// <summary>Host hooks for this run (a snapshot is taken when it starts); they run before the script's own hooks.</summary>
    public Harn.Hooks.HookRegistry? Hooks { get; init; }

    /// <summary>
    /// When set and the entry pipeline returns a generator, stream or iter, its items are pulled
    /// one at a time (while the run is live) and passed here; returning false stops the pulling.
    /// The run's value is then nil.
    /// </summary>
    public Func<Value, bool>? ResultItems { get; init; }
}
