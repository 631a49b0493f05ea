namespace Harn.Bench;

/// <summary>One fixture's figures; null where an engine is absent or the fixture failed.</summary>
internal sealed class FixtureResult(string name)
{
    public string Name { get; } = name;

    /// <summary>Wall-clock timing, the clock of the CPython runner.</summary>
    public Timing? Harn { get; set; }

    /// <summary>CPU time of the running thread, the clock of the Lua runner; null where unavailable.</summary>
    public Timing? HarnCpu { get; set; }

    /// <summary>Why Harn has no timing (compile or runtime error).</summary>
    public string? HarnError { get; set; }

    public Timing? Python { get; set; }

    public Timing? Lua { get; set; }

    public double? AllocatedBytesPerIteration { get; set; }

    public double? HarnPerPython => Ratio(Harn, Python);

    /// <summary>CPU time against CPU time when available, so load on the machine does not skew it.</summary>
    public double? HarnPerLua => Ratio(HarnCpu ?? Harn, Lua);

    private static double? Ratio(Timing? harn, Timing? anchor) =>
        harn is null || anchor is null || anchor.MedianMs <= 0 ? null : harn.MedianMs / anchor.MedianMs;
}
