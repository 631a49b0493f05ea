namespace Harn.Bench;

/// <summary>Everything one benchmark run measured.</summary>
internal sealed class BenchResults
{
    public List<FixtureResult> Fixtures { get; } = [];

    public double? CompileMegabytesPerSecond { get; set; }

    /// <summary>Stopwatch inside the fresh pwsh around Import-Module and the first run.</summary>
    public double? ColdStartMs { get; set; }

    /// <summary>Wall-clock median of the launch with the module less that of a bare pwsh launch.</summary>
    public double? ColdStartWallDifferenceMs { get; set; }

    public double? CancelCpuLoopMs { get; set; }

    public double? CancelSleepMs { get; set; }

    /// <summary>Median of a run of an empty pipeline: the per-run set-up included in every Harn figure.</summary>
    public double? EmptyRunMs { get; set; }

    /// <summary>Why a figure is missing, for the reader of the table.</summary>
    public List<string> Notes { get; } = [];
}
