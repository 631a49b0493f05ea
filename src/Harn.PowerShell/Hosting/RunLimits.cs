using Harn.Hosting;
using Harn.Sandbox;

namespace Harn.PowerShell.Hosting;

/// <summary>The limits and sandbox a cmdlet puts on each run it starts (-MaxInstructions, -MaxCallDepth, -MaxMemoryMB, -DenyBuiltin, ...).</summary>
/// <param name="MaxInstructions">See <see cref="HarnRunOptions.MaxInstructions"/>; 0: none.</param>
/// <param name="MaxCallDepth">See <see cref="HarnRunOptions.MaxCallDepth"/>.</param>
/// <param name="MaxMemoryBytes">See <see cref="HarnRunOptions.MaxMemoryBytes"/>; 0: none.</param>
/// <param name="Sandbox">What the run may call; null: everything.</param>
internal sealed record RunLimits(long MaxInstructions, int MaxCallDepth, long MaxMemoryBytes, SandboxPolicy? Sandbox)
{
    /// <summary>The VM's defaults: no instruction or memory ceiling, upstream's call depth, no sandbox.</summary>
    public static RunLimits Default { get; } = new(0, new HarnRunOptions().MaxCallDepth, 0, null);
}
