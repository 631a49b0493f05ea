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
foreach (var path in fixtureFiles)
{
    var fixture = new FixtureResult(Path.GetFileNameWithoutExtension(path));
    results.Fixtures.Add(fixture);
    try
    {
        var script = HarnScript.Compile(File.ReadAllText(path), path);
        (fixture.Harn, fixture.HarnCpu) = FixtureTimer.Time(script, options.Warmups, options.Runs);
        if (FixtureIterations.ByFixture.TryGetValue(fixture.Name, out var iterations))
        {
            fixture.AllocatedBytesPerIteration = allocation.BytesPerIteration(script, iterations);
        }
        else
        {
            results.Notes.Add($"{fixture.Name}: no iteration count, so no bytes per iteration");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"harn     {fixture.Name}: {fixture.Harn.MedianMs:0.000} ms"));
    }
    catch (Exception error) when (error is HarnCompileException or HarnRuntimeException)
    {
        fixture.HarnError = error.Message;
        Console.WriteLine($"harn     {fixture.Name}: {error.Message}");
    }
}

results.EmptyRunMs = FixtureTimer.Time(HarnScript.Compile("pipeline default(task) {\n}\n"), options.Warmups, options.Runs).Wall.MedianMs;

var names = results.Fixtures.Select(f => f.Name).ToList();
if (options.AnchorsDirectory is { } anchors)
{
    RunAnchor("CPython", options.Python, "run_py.py", "py", ".py", (fixture, timing) => fixture.Python = timing);
    RunAnchor("Lua", options.Lua, "run_lua.lua", "lua", ".lua", (fixture, timing) => fixture.Lua = timing);

    void RunAnchor(string engine, string? interpreter, string runner, string folder, string extension, Action<FixtureResult, Timing> store)
    {
        if (interpreter is null)
        {
            results.Notes.Add($"no {engine} interpreter given: {engine} column empty");
            return;
        }

        try
        {
            var timings = AnchorRunner.Run(interpreter, anchors, runner, folder, extension, names, options.Runs);
            foreach (var fixture in results.Fixtures)
            {
                if (timings.TryGetValue(fixture.Name, out var timing))
                {
                    store(fixture, timing);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{engine.ToLowerInvariant(),-8} {fixture.Name}: {timing.MedianMs:0.000} ms"));
                }
            }
        }
        catch (Exception error) when (error is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            results.Notes.Add($"{engine} anchors failed: {error.Message}");
        }
    }
}
else
{
    results.Notes.Add("no --anchors folder: CPython and Lua columns empty");
}

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
