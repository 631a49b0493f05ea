using Harn.Hosting;
using Harn.Sandbox;

namespace Harn.PowerShell.Hosting;

/// <summary>The limits and sandbox a cmdlet puts on each run it starts (-MaxInstructions, -MaxCallDepth, -MaxMemoryMB, -DenyBuiltin, ...).</summary>
/// <param name="MaxInstructions">See <see cref="HarnRunOptions.MaxInstructions"/>; 0: none.</param>
/// <param name="MaxCallDepth">See <see cref="HarnRunOptions.MaxCallDepth"/>.</param>
/// <param name="MaxMemoryBytes">See <see cref="HarnRunOptions.MaxMemoryBytes"/>; 0: none (only when asked for with -MaxMemoryMB 0).</param>
/// <param name="Sandbox">What the run may call; null: everything.</param>
internal sealed record RunLimits(long MaxInstructions, int MaxCallDepth, long MaxMemoryBytes, SandboxPolicy? Sandbox)
{
    /// <summary>
    /// The cmdlets' memory ceiling when -MaxMemoryMB is not given: half of the memory the process
    /// may use (a container's limit where there is one), so a script that grows a value without
    /// end stops with HarnMemoryLimitExceeded before it exhausts the machine and the session.
    /// </summary>
    public static int DefaultMaxMemoryMB { get; } = (int)Math.Clamp(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2 / (1024 * 1024), 1, int.MaxValue);

    /// <summary>The cmdlets' defaults: no instruction ceiling, <see cref="DefaultMaxMemoryMB"/>, upstream's call depth, no sandbox.</summary>
    public static RunLimits Default { get; } = new(0, new HarnRunOptions().MaxCallDepth, DefaultMaxMemoryMB * 1024L * 1024L, null);
}
