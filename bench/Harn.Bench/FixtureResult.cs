namespace Harn.Bench;

/// <summary>
/// One fixture's figures; null where an engine is absent or the fixture failed. Each engine's
/// figure is its fastest round (the round with the lowest median): the rounds interleave the
/// engines, so a spell in which the machine runs everything slower does not fall on one of them.
/// </summary>
internal sealed class FixtureResult(string name)
{
    public string Name { get; } = name;

    /// <summary>The medians of every round, in order, per engine ("harn", "python", "lua").</summary>
    public Dictionary<string, List<double>> RoundMedians { get; } = new(StringComparer.Ordinal);

    /// <summary>Takes one round of Harn timings.</summary>
    public void AddHarnRound(Timing wall, Timing? cpu)
    {
        Harn = Timing.Faster(Harn, wall);
        if (cpu is not null)
        {
            HarnCpu = Timing.Faster(HarnCpu, cpu);
        }

        Record("harn", wall);
    }

    public void AddPythonRound(Timing timing)
    {
        Python = Timing.Faster(Python, timing);
        Record("python", timing);
    }

    public void AddLuaRound(Timing timing)
    {
        Lua = Timing.Faster(Lua, timing);
        Record("lua", timing);
    }

    /// <summary>How close another round must come to an engine's fastest to confirm it (and how much faster a new fastest must be to count).</summary>
    private const double Tolerance = 1.10;

    /// <summary>Rounds that must pass without a markedly faster round before the fixture is settled.</summary>
    private const int SettlingRounds = 3;

    /// <summary>How many rounds timed this fixture.</summary>
    public int Rounds => RoundMedians.Values.Select(medians => medians.Count).DefaultIfEmpty(0).Max();

    /// <summary>
    /// True when, for every engine, another round came within 10% of its fastest (a lone fast
    /// round could be luck) and the last <see cref="SettlingRounds"/> rounds found nothing more
    /// than 10% faster than the rounds before them (a machine in a slow spell can confirm a slow
    /// figure; a quiet moment that follows shows as a markedly faster round and keeps it going).
    /// An engine that stopped being timed (its anchor failed) has fewer rounds and is left out.
    /// </summary>
    public bool Settled() => RoundMedians.Values.Where(medians => medians.Count == Rounds).All(medians =>
    {
        var fastest = medians.Min();
        if (medians.Count(median => median <= fastest * Tolerance) < 2 || medians.Count <= SettlingRounds)
        {
            return false;
        }

        var before = medians.Take(medians.Count - SettlingRounds).Min();
        return medians.Skip(medians.Count - SettlingRounds).All(median => median * Tolerance >= before);
    });

    private void Record(string engine, Timing timing)
    {
        if (!RoundMedians.TryGetValue(engine, out var medians))
        {
            RoundMedians[engine] = medians = [];
        }

        medians.Add(timing.MedianMs);
    }

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
