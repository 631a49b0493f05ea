using System.Globalization;
using System.Text.Json;

namespace Harn.Bench;

/// <summary>Prints the results as one table and writes them as JSON.</summary>
internal static class BenchReport
{
    public static void PrintTable(BenchResults results, TextWriter output)
    {
        var nameWidth = Math.Max("geometric mean".Length, results.Fixtures.Select(f => f.Name.Length).DefaultIfEmpty(0).Max());
        output.WriteLine($"{"fixture".PadRight(nameWidth)}  {"Harn ms",9}  {"CPython ms",10}  {"Lua ms",8}  {"Harn/CPython",12}  {"Harn/Lua",8}");
        foreach (var fixture in results.Fixtures)
        {
            output.WriteLine(
                $"{fixture.Name.PadRight(nameWidth)}  {Ms(fixture.Harn),9}  {Ms(fixture.Python),10}  {Ms(fixture.Lua),8}  " +
                $"{Ratio(fixture.HarnPerPython),12}  {Ratio(fixture.HarnPerLua),8}");
        }

        var python = GeometricMean(results.Fixtures.Select(f => f.HarnPerPython));
        var lua = GeometricMean(results.Fixtures.Select(f => f.HarnPerLua));
        output.WriteLine($"{"geometric mean".PadRight(nameWidth)}  {"",9}  {"",10}  {"",8}  {Ratio(python),12}  {Ratio(lua),8}");
        output.WriteLine();

        output.WriteLine("Each figure: that engine's fastest round (the median of the round's runs). A round times every engine on");
        output.WriteLine("the fixture back to back; passes over the fixtures repeat (6 to --rounds) until each engine's fastest");
        output.WriteLine("round is matched by another within 10% and the last 3 found nothing faster.");
        if (results.Fixtures.Any(f => f.HarnCpu is not null))
        {
            output.WriteLine("Harn ms and Harn/CPython: wall clock, as the CPython runner times. Harn/Lua: CPU time of the");
            output.WriteLine("running thread (Harn CPU ms), as the Lua runner times with os.clock.");
        }

        output.WriteLine();
        output.WriteLine($"{"fixture".PadRight(nameWidth)}  {"Harn min",9}  {"Harn max",9}  {"Harn CPU ms",11}  {"bytes/iteration",15}");
        foreach (var fixture in results.Fixtures)
        {
            var bytes = fixture.AllocatedBytesPerIteration is { } value ? value.ToString("0.##", CultureInfo.InvariantCulture) : "-";
            output.WriteLine($"{fixture.Name.PadRight(nameWidth)}  {Ms(fixture.Harn, t => t.MinMs),9}  {Ms(fixture.Harn, t => t.MaxMs),9}  " +
                $"{Ms(fixture.HarnCpu),11}  {bytes,15}");
        }

        output.WriteLine();
        output.WriteLine($"empty pipeline run (in every Harn figure): {Format(results.EmptyRunMs, "0.###")} ms");
        output.WriteLine($"compile throughput: {Format(results.CompileMegabytesPerSecond, "0.00")} MB/s");
        output.WriteLine($"cold start beyond pwsh's own: {Format(results.ColdStartMs, "0")} ms in the fresh process " +
            $"(wall-clock difference to a bare pwsh launch: {Format(results.ColdStartWallDifferenceMs, "0")} ms)");
        output.WriteLine($"cancellation latency: CPU loop {Format(results.CancelCpuLoopMs, "0.###")} ms, sleep {Format(results.CancelSleepMs, "0.###")} ms");
        foreach (var fixture in results.Fixtures.Where(f => f.HarnError is not null))
        {
            output.WriteLine($"note: {fixture.Name}: {fixture.HarnError}");
        }

        foreach (var note in results.Notes)
        {
            output.WriteLine($"note: {note}");
        }
    }

    /// <summary>Writes the issue's JSON shape, null where a figure is absent.</summary>
    public static void WriteJson(BenchResults results, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("fixtures");
        foreach (var fixture in results.Fixtures)
        {
            json.WriteStartObject();
            json.WriteString("name", fixture.Name);
            WriteNumber(json, "harn_ms", fixture.Harn?.MedianMs, 3);
            WriteNumber(json, "python_ms", fixture.Python?.MedianMs, 3);
            WriteNumber(json, "lua_ms", fixture.Lua?.MedianMs, 3);
            json.WriteNumber("rounds", fixture.Rounds);
            json.WriteStartObject("round_medians_ms");
            foreach (var (engine, medians) in fixture.RoundMedians)
            {
                json.WriteStartArray(engine);
                foreach (var median in medians)
                {
                    json.WriteNumberValue(Math.Round(median, 3));
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteNumber(json, "compile_mb_per_s", results.CompileMegabytesPerSecond, 3);
        WriteNumber(json, "cold_start_ms", results.ColdStartMs, 1);
        json.WriteStartObject("cancel_latency_ms");
        WriteNumber(json, "cpu_loop", results.CancelCpuLoopMs, 3);
        WriteNumber(json, "sleep", results.CancelSleepMs, 3);
        json.WriteEndObject();
        json.WriteStartObject("alloc_bytes_per_iteration");
        foreach (var fixture in results.Fixtures)
        {
            WriteNumber(json, fixture.Name, fixture.AllocatedBytesPerIteration, 2);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    /// <summary>Geometric mean of the present ratios; null when there are none.</summary>
    public static double? GeometricMean(IEnumerable<double?> ratios)
    {
        var present = ratios.Where(r => r is > 0).Select(r => r!.Value).ToList();
        return present.Count == 0 ? null : Math.Exp(present.Average(Math.Log));
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value, int decimals)
    {
        if (value is { } number && double.IsFinite(number))
        {
            var rounded = Math.Round(number, decimals);
            if (rounded == Math.Floor(rounded) && Math.Abs(rounded) < 1e15)
            {
                json.WriteNumber(name, (long)rounded);
            }
            else
            {
                json.WriteNumber(name, rounded);
            }
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string Ms(Timing? timing, Func<Timing, double>? pick = null) =>
        timing is null ? "-" : (pick ?? (t => t.MedianMs))(timing).ToString("0.000", CultureInfo.InvariantCulture);

    private static string Ratio(double? ratio) => Format(ratio, "0.00");

    private static string Format(double? value, string format) =>
        value is { } number ? number.ToString(format, CultureInfo.InvariantCulture) : "-";
}
