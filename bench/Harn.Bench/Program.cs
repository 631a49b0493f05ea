using System.Globalization;
using Harn.Bench;
using Harn.Hosting;
using Harn.Runtime;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var fixtureFiles = Directory.GetFiles(options.FixturesDirectory, "*.harn")
    .Where(path => options.Selects(Path.GetFileNameWithoutExtension(path)))
    .Order(StringComparer.Ordinal)
    .ToList();
if (fixtureFiles.Count == 0)
{
    Console.Error.WriteLine($"No fixtures in {options.FixturesDirectory} match '{options.Filter}'.");
    return 2;
}

var results = new BenchResults();
var allocation = new AllocationProbe();
var timed = new List<(FixtureResult Fixture, HarnScript Script)>();
foreach (var path in fixtureFiles)
{
    var fixture = new FixtureResult(Path.GetFileNameWithoutExtension(path));
    results.Fixtures.Add(fixture);
    try
    {
        var script = HarnScript.Compile(File.ReadAllText(path), path);
        FixtureTimer.WarmUp(script, options.Warmups);
        if (FixtureIterations.ByFixture.TryGetValue(fixture.Name, out var iterations))
        {
            fixture.AllocatedBytesPerIteration = allocation.BytesPerIteration(script, iterations);
        }
        else
        {
            results.Notes.Add($"{fixture.Name}: no iteration count, so no bytes per iteration");
        }

        timed.Add((fixture, script));
        Console.WriteLine($"warmed   {fixture.Name}");
    }
    catch (Exception error) when (error is HarnCompileException or HarnRuntimeException)
    {
        fixture.HarnError = error.Message;
        Console.WriteLine($"harn     {fixture.Name}: {error.Message}");
    }
}

var anchors = new List<AnchorEngine>();
if (options.AnchorsDirectory is { } anchorsDirectory)
{
    AddAnchor("CPython", options.Python, "run_py.py", "py", ".py", (fixture, timing) => fixture.AddPythonRound(timing));
    AddAnchor("Lua", options.Lua, "run_lua.lua", "lua", ".lua", (fixture, timing) => fixture.AddLuaRound(timing));

    void AddAnchor(string engine, string? interpreter, string runner, string folder, string extension, Action<FixtureResult, Timing> store)
    {
        if (interpreter is null)
        {
            results.Notes.Add($"no {engine} interpreter given: {engine} column empty");
        }
        else
        {
            anchors.Add(new AnchorEngine(engine, interpreter, anchorsDirectory, runner, folder, extension, store));
        }
    }
}
else
{
    results.Notes.Add("no --anchors folder: CPython and Lua columns empty");
}

// A round times a fixture on every engine back to back, in alternating order, so the engines share
// the machine's state of that moment. Each pass gives every unsettled fixture one round, so a
// fixture's rounds lie a pass apart and meet the machine in different spells; a fixture is
// settled when each engine's fastest round has been matched by another and the last rounds found
// nothing markedly faster (FixtureResult.Settled), within the bounds of --rounds.
var unsettled = timed.ToList();
for (var round = 1; round <= options.Rounds && unsettled.Count > 0; round++)
{
    foreach (var (fixture, script) in unsettled)
    {
        var line = new List<string>();
        var steps = new List<Action>
        {
            () =>
            {
                var (wall, cpu) = FixtureTimer.Time(script, options.Runs);
                fixture.AddHarnRound(wall, cpu);
                line.Add(string.Create(CultureInfo.InvariantCulture, $"harn {wall.MedianMs:0.000}"));
            },
        };
        foreach (var anchor in anchors)
        {
            steps.Add(() =>
            {
                if (anchor.TimeRound(fixture, options.Runs) is { } timing)
                {
                    line.Add(string.Create(CultureInfo.InvariantCulture, $"{anchor.Engine.ToLowerInvariant()} {timing.MedianMs:0.000}"));
                }
            });
        }

        if (round % 2 == 0)
        {
            steps.Reverse();
        }

        steps.ForEach(step => step());
        Console.WriteLine($"round {round} {fixture.Name}: {string.Join(", ", line)} ms");
    }

    if (round >= Math.Min(options.Rounds, BenchOptions.MinimumRounds))
    {
        unsettled.RemoveAll(entry => entry.Fixture.Settled());
    }
}

foreach (var anchor in anchors.Where(a => a.Failure is not null))
{
    results.Notes.Add($"{anchor.Engine} anchors failed: {anchor.Failure}");
}

var empty = HarnScript.Compile("pipeline default(task) {\n}\n");
FixtureTimer.WarmUp(empty, options.Warmups);
results.EmptyRunMs = FixtureTimer.Time(empty, options.Runs).Wall.MedianMs;

results.CompileMegabytesPerSecond = CompileThroughput.MegabytesPerSecond();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compile  {results.CompileMegabytesPerSecond:0.00} MB/s"));

(results.CancelCpuLoopMs, var cpuNote) = CancellationLatency.CpuLoopMilliseconds();
(results.CancelSleepMs, var sleepNote) = CancellationLatency.SleepMilliseconds();
foreach (var note in new[] { cpuNote, sleepNote })
{
    if (note is not null)
    {
        results.Notes.Add("cancellation latency: " + note);
    }
}

if (options.ModuleManifest is { } manifest)
{
    try
    {
        (results.ColdStartMs, results.ColdStartWallDifferenceMs) = ColdStart.Measure(manifest, options.ColdStartRuns);
    }
    catch (Exception error) when (error is InvalidOperationException or System.ComponentModel.Win32Exception)
    {
        results.Notes.Add($"cold start not measured: {error.Message}");
    }
}
else
{
    results.Notes.Add("no --module: cold start not measured");
}

Console.WriteLine();
BenchReport.PrintTable(results, Console.Out);
if (options.JsonPath is { } jsonPath)
{
    BenchReport.WriteJson(results, jsonPath);
    Console.WriteLine($"wrote {jsonPath}");
}

return results.Fixtures.Any(f => f.HarnError is not null) ? 1 : 0;
