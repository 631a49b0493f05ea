namespace Harn.Runtime;

/// <summary>
/// A run hit a resource limit the host set (<see cref="Hosting.HarnRunOptions"/>). Deliberately not
/// a <see cref="HarnRuntimeException"/>: no Harn <c>catch</c>, <c>finally</c> or <c>defer</c> sees
/// it, so a script cannot swallow the limit or spend more resources on its way out; it ends the
/// whole run and reaches the host from <see cref="Hosting.HarnExecution.Run"/>.
/// </summary>
public sealed class ResourceLimitException : Exception
{
    private ResourceLimitException(ResourceLimit limit, long ceiling, string message)
        : base(message)
    {
        Limit = limit;
        Ceiling = ceiling;
    }

    /// <summary>Which limit was hit.</summary>
    public ResourceLimit Limit { get; }

    /// <summary>The configured ceiling (instructions, or bytes for memory).</summary>
    public long Ceiling { get; }

    /// <summary>The run executed more than <paramref name="maxInstructions"/> VM instructions.</summary>
    public static ResourceLimitException Instructions(long maxInstructions) =>
        new(ResourceLimit.Instructions, maxInstructions, $"Instruction limit exceeded: the run executed more than {maxInstructions} instructions");

    /// <summary>
    /// One value (a string, a list) grew past what the process can allocate at once, as a string
    /// doubled in a loop does long before any instruction limit; the run ends, the host lives on.
    /// </summary>
    public static ResourceLimitException OutOfMemory() =>
        new(ResourceLimit.Memory, 0, "Memory limit exceeded: a value grew larger than the process can allocate");

    /// <summary>The run grew the managed heap by <paramref name="grownBytes"/>, past <paramref name="maxBytes"/>.</summary>
    public static ResourceLimitException Memory(long maxBytes, long grownBytes) =>
        new(ResourceLimit.Memory, maxBytes, $"Memory limit exceeded: the run grew the managed heap by {grownBytes} bytes, past its ceiling of {maxBytes} bytes");
}
