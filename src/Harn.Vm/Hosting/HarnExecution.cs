using Harn.Runtime;

namespace Harn.Hosting;

/// <summary>Runs compiled scripts.</summary>
public static class HarnExecution
{
    /// <summary>
    /// Runs <paramref name="script"/> to completion and returns the entry pipeline's value.
    /// Throws <see cref="HarnRuntimeException"/> for an uncaught Harn error.
    /// </summary>
    public static Value Run(HarnScript script, HarnRunOptions options)
    {
        throw new NotImplementedException();
    }
}
