using System.Diagnostics;
using Harn.Hosting;

namespace Harn.Bench;

/// <summary>
/// Times a fixture the way the anchor runners time theirs: compiled once, warmed up, then
/// <c>runs</c> timed in-process runs of the VM, a full collection before each (not timed).
/// Warm-up happens once; each round then times the fixture again.
/// </summary>
internal static class FixtureTimer
{
    /// <summary>Warm-up stops early after this long (with at least a few runs) so a slow fixture cannot eat the budget.</summary>
    private static readonly TimeSpan WarmupBudget = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Warm-up lasts at least this long even when the runs are quick: the tiered JIT recompiles a
    /// hot method only after its call-counting delay, so a few fast runs would time unoptimised code.
    /// </summary>
    private static readonly TimeSpan WarmupMinimum = TimeSpan.FromSeconds(1);

    private const int MinimumWarmups = 5;

    /// <summary>Untimed runs before each round's timed runs, to bring the fixture's data back into the caches.</summary>
    private const int RewarmRuns = 2;

    /// <summary>Options for a benchmark run: no output, no arguments, no cancellation.</summary>
    public static HarnRunOptions QuietRun { get; } = new() { Output = static (_, _) => { } };

    /// <summary>Warm-up runs before the first round, so the tiered JIT has optimised the loop.</summary>
    public static void WarmUp(HarnScript script, int warmups)
    {
        var warmupClock = Stopwatch.StartNew();
        for (var i = 0; (i < warmups || warmupClock.Elapsed < WarmupMinimum) && (i < MinimumWarmups || warmupClock.Elapsed < WarmupBudget); i++)
        {
            HarnExecution.Run(script, QuietRun);
        }
    }

    /// <summary>
    /// Wall-clock timing, and CPU-time timing of the running thread when the platform has that
    /// clock, of <paramref name="runs"/> runs after a short re-warm (other fixtures ran since).
    /// </summary>
    public static (Timing Wall, Timing? Cpu) Time(HarnScript script, int runs)
    {
        for (var i = 0; i < RewarmRuns; i++)
        {
            HarnExecution.Run(script, QuietRun);
        }

        var wall = new double[runs];
        var cpu = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var cpuStart = ThreadCpuClock.NowMs();
            var start = Stopwatch.GetTimestamp();
            HarnExecution.Run(script, QuietRun);
            wall[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            cpu[i] = ThreadCpuClock.NowMs() - cpuStart;
        }

        return (Timing.FromSamples(wall), ThreadCpuClock.IsAvailable ? Timing.FromSamples(cpu) : null);
    }
}
