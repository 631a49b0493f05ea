namespace Harn.Bench;

/// <summary>Median, fastest and slowest of a set of timed runs, in milliseconds.</summary>
internal sealed record Timing(double MedianMs, double MinMs, double MaxMs)
{
    public static Timing FromSamples(IReadOnlyList<double> samples)
    {
        if (samples.Count == 0)
        {
            throw new ArgumentException("No samples.", nameof(samples));
        }

        var sorted = samples.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Timing(median, sorted[0], sorted[^1]);
    }

    /// <summary>The one of two timings with the lower median; <paramref name="best"/> may be null (no round yet).</summary>
    public static Timing Faster(Timing? best, Timing candidate) =>
        best is null || candidate.MedianMs < best.MedianMs ? candidate : best;

    /// <summary>Median of <paramref name="samples"/>.</summary>
    public static double Median(IReadOnlyList<double> samples) => FromSamples(samples).MedianMs;
}
