using Harn.Hosting;

namespace Harn.Bench;

/// <summary>
/// Bytes a fixture allocates per iteration of its hot loop: the bytes one run allocates on this
/// thread, less what a run of an empty pipeline allocates (the per-run set-up), divided by the
/// fixture's iteration count.
/// </summary>
internal sealed class AllocationProbe
{
    private const int Samples = 3;

    private readonly long _baselineBytes;

    public AllocationProbe()
    {
        _baselineBytes = AllocatedBytes(HarnScript.Compile("pipeline default(task) {\n}\n"));
    }

    /// <summary>Bytes per iteration, 0 when the run allocates no more than the empty pipeline.</summary>
    public double BytesPerIteration(HarnScript script, long iterations)
    {
        var extra = Math.Max(0, AllocatedBytes(script) - _baselineBytes);
        return (double)extra / iterations;
    }

    /// <summary>The fewest bytes of <see cref="Samples"/> runs: one-off lazy initialisation is not the loop's cost.</summary>
    private static long AllocatedBytes(HarnScript script)
    {
        HarnExecution.Run(script, FixtureTimer.QuietRun);
        var fewest = long.MaxValue;
        for (var i = 0; i < Samples; i++)
        {
            GC.Collect();
            var before = GC.GetAllocatedBytesForCurrentThread();
            HarnExecution.Run(script, FixtureTimer.QuietRun);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
