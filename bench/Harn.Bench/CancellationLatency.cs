using System.Diagnostics;
using Harn.Hosting;
using Harn.Runtime;

namespace Harn.Bench;

/// <summary>
/// Cancellation latency: time from cancelling a run's token to the run's end, for a run busy in
/// a CPU loop and for one blocked in <c>sleep</c>.
/// </summary>
internal static class CancellationLatency
{
    private const int Samples = 5;

    /// <summary>How long a run gets to reach its loop (or its sleep) before the token is cancelled.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(100);

    /// <summary>A run still going this long after the cancel is taken as not cancellable.</summary>
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(1);

    private const string CpuLoop = """
        pipeline default(task) {
          var i = 0
          while i >= 0 {
            i = i + 1
          }
        }
        """;

    private const string Sleep = """
        pipeline default(task) {
          sleep(3000)
        }
        """;

    /// <summary>Median latency in ms, or null with the reason when the run cannot be cancelled.</summary>
    public static (double? Milliseconds, string? Note) CpuLoopMilliseconds() => Measure(CpuLoop, "CPU loop");

    /// <inheritdoc cref="CpuLoopMilliseconds"/>
    public static (double? Milliseconds, string? Note) SleepMilliseconds() => Measure(Sleep, "sleep");

    private static (double? Milliseconds, string? Note) Measure(string source, string what)
    {
        HarnScript script;
        try
        {
            script = HarnScript.Compile(source);
        }
        catch (HarnCompileException error)
        {
            return (null, $"{what}: does not compile: {error.Message}");
        }

        var samples = new List<double>();
        for (var i = 0; i < Samples; i++)
        {
            var (latency, note) = MeasureOnce(script, what);
            if (latency is null)
            {
                return (null, note);
            }

            samples.Add(latency.Value);
        }

        return (Timing.Median(samples), null);
    }

    private static (double? Milliseconds, string? Note) MeasureOnce(HarnScript script, string what)
    {
        using var cancellation = new CancellationTokenSource();
        long endedAt = 0;
        Exception? failure = null;
        var options = new HarnRunOptions { Output = static (_, _) => { }, CancellationToken = cancellation.Token };
        var runner = new Thread(() =>
        {
            try
            {
                HarnExecution.Run(script, options);
            }
            catch (HarnRuntimeException error)
            {
                failure = error;
            }
            finally
            {
                Volatile.Write(ref endedAt, Stopwatch.GetTimestamp());
            }
        })
        { IsBackground = true, Name = "cancel-probe" };
        runner.Start();
        if (runner.Join(Settle))
        {
            return (null, $"{what}: the run ended before it was cancelled ({failure?.Message ?? "no error"})");
        }

        var cancelledAt = Stopwatch.GetTimestamp();
        cancellation.Cancel();
        if (!runner.Join(GiveUp))
        {
            runner.Join();
            return (null, $"{what}: still running {GiveUp.TotalSeconds:0} s after cancellation (not cancellable yet)");
        }

        if (failure is null || !failure.Message.Contains("cancelled", StringComparison.Ordinal))
        {
            return (null, $"{what}: the cancelled run did not end with the cancellation error ({failure?.Message ?? "no error"})");
        }

        return (Stopwatch.GetElapsedTime(cancelledAt, Volatile.Read(ref endedAt)).TotalMilliseconds, null);
    }
}
