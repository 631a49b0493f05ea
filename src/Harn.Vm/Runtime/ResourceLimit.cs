namespace Harn.Runtime;

/// <summary>The resource limits a host can put on a run that end it with a <see cref="ResourceLimitException"/>.</summary>
public enum ResourceLimit
{
    /// <summary><see cref="Hosting.HarnRunOptions.MaxInstructions"/>.</summary>
    Instructions,

    /// <summary><see cref="Hosting.HarnRunOptions.MaxMemoryBytes"/>.</summary>
    Memory,
}
