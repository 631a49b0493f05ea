using Harn.Runtime;

namespace Harn.Hosting;

/// <summary>How to run a <see cref="HarnScript"/>.</summary>
public sealed class HarnRunOptions
{
    /// <summary>Receives output as it is produced, on the thread that runs the VM.</summary>
    public Action<OutputChannel, string>? Output { get; init; }

    /// <summary>Cancels the run; it ends with the <c>kind:cancelled:VM cancelled by host</c> error.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Receives progress of long operations (agent loops), on the VM's thread; it must not block.</summary>
    public Action<HarnProgress>? Progress { get; init; }

    /// <summary>Delivers host interrupt signals to the script's <c>on_interrupt</c> handlers.</summary>
    public HarnInterruptSource? Interrupts { get; init; }

    /// <summary>Values bound to the entry pipeline's parameters, by name.</summary>
    public IReadOnlyDictionary<string, Value>? Arguments { get; init; }

    /// <summary>Most nested Harn calls before the run fails with <c>Stack overflow: too many nested calls</c>.</summary>
    public int MaxCallDepth { get; init; } = 512;

    /// <summary>
    /// Ceiling on how much the run may grow the process's managed heap, in bytes (0: none). Sampled
    /// every 10 ms and confirmed by a full collection; past it the run ends with
    /// <see cref="ResourceLimitException"/> (see docs/security.md for what is measured).
    /// </summary>
    public long MaxMemoryBytes { get; init; }

    /// <summary>What the run may call (denied builtins and capabilities, read-only roots); null: everything.</summary>
    public Harn.Sandbox.SandboxPolicy? Sandbox { get; init; }

    /// <summary>
    /// Most VM instructions the run may execute, counted across all its tasks (0: no limit); past
    /// it the run ends with <see cref="ResourceLimitException"/>, which no Harn code can catch.
    /// </summary>
    public long MaxInstructions { get; init; }

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
