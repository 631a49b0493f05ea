namespace Harn.Bench;

/// <summary>
/// One anchor interpreter (CPython or Lua 5.4) timed fixture by fixture, one process per fixture
/// and round. After its first failure it is left out of the remaining rounds.
/// </summary>
internal sealed class AnchorEngine(string engine, string interpreter, string anchorsDirectory, string runner,
    string folder, string extension, Action<FixtureResult, Timing> store)
{
    public string Engine { get; } = engine;

    /// <summary>Why the engine stopped being timed; null while it works.</summary>
    public string? Failure { get; private set; }

    /// <summary>Times one round of <paramref name="fixture"/>; null when there is no translation or the engine failed.</summary>
    public Timing? TimeRound(FixtureResult fixture, int runs)
    {
        if (Failure is not null)
        {
            return null;
        }

        try
        {
            var timings = AnchorRunner.Run(interpreter, anchorsDirectory, runner, folder, extension, [fixture.Name], runs);
            if (!timings.TryGetValue(fixture.Name, out var timing))
            {
                return null;
            }

            store(fixture, timing);
            return timing;
        }
        catch (Exception error) when (error is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            Failure = error.Message;
            return null;
        }
    }
}
