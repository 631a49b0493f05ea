using System.Diagnostics;
using System.Globalization;

namespace Harn.Bench;

/// <summary>
/// Cold start: what a fresh <c>dotnet pwsh</c> spends on <c>Import-Module</c> of the staged
/// module and a first <c>Invoke-HarnChunk -Source 'println(1)'</c>.
/// </summary>
/// <remarks>
/// Two figures: the stopwatch inside the fresh process around those two commands (what the
/// start costs beyond pwsh's own, measured where the load of the machine cannot blur it), and
/// the difference of wall-clock medians between such a launch and <c>dotnet pwsh -Command exit</c>
/// (launched alternately so load hits both alike; noisy, since pwsh alone takes seconds on a
/// busy machine).
/// </remarks>
internal static class ColdStart
{
    private const string Marker = "harn-cold-start-ms=";

    public static (double InProcessMs, double WallDifferenceMs) Measure(string moduleManifest, int runs)
    {
        var manifest = Path.GetFullPath(moduleManifest).Replace("'", "''", StringComparison.Ordinal);
        var withModule =
            "$clock = [Diagnostics.Stopwatch]::StartNew(); " +
            $"Import-Module '{manifest}'; Invoke-HarnChunk -Source 'println(1)' -ErrorAction Stop; " +
            $"'{Marker}' + $clock.Elapsed.TotalMilliseconds.ToString([cultureinfo]::InvariantCulture)";
        const string bare = "exit";

        // One untimed launch fills the disk cache.
        Launch(withModule);
        var bareSamples = new List<double>();
        var moduleSamples = new List<double>();
        var inProcessSamples = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            bareSamples.Add(Launch(bare).WallMs);
            var (wall, output) = Launch(withModule);
            moduleSamples.Add(wall);
            inProcessSamples.Add(InProcessMs(output));
        }

        return (Timing.Median(inProcessSamples), Timing.Median(moduleSamples) - Timing.Median(bareSamples));
    }

    /// <summary>The stopwatch figure the launch printed, after checking the chunk printed <c>1</c>.</summary>
    private static double InProcessMs(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var figure = lines.FirstOrDefault(line => line.StartsWith(Marker, StringComparison.Ordinal));
        if (!lines.Contains("1") || figure is null)
        {
            throw new InvalidOperationException($"Unexpected output of the cold-start launch: {output.Trim()}");
        }

        return double.Parse(figure.AsSpan(Marker.Length), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Wall time and standard output of one <c>dotnet pwsh -Command</c>; throws when it fails.</summary>
    private static (double WallMs, string Output) Launch(string command)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command", command })
        {
            info.ArgumentList.Add(argument);
        }

        var start = Stopwatch.GetTimestamp();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet pwsh.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet pwsh -Command \"{command}\" failed ({process.ExitCode}): {error.Result.Trim()} {output.Trim()}");
        }

        return (elapsed, output);
    }
}
