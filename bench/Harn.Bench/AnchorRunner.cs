using System.Diagnostics;
using System.Globalization;

namespace Harn.Bench;

/// <summary>
/// Runs an anchor runner (<c>run_py.py</c> or <c>run_lua.lua</c>) over the fixtures it has a
/// translation of and reads its TSV lines: engine, bench, median, min, max, result.
/// </summary>
internal static class AnchorRunner
{
    /// <summary>Median ms per fixture name; fixtures without a translation are left out.</summary>
    public static Dictionary<string, Timing> Run(string interpreter, string anchorsDirectory, string runnerFile,
        string translationFolder, string extension, IEnumerable<string> fixtures, int runs)
    {
        var names = fixtures
            .Where(name => File.Exists(Path.Combine(anchorsDirectory, translationFolder, name + extension)))
            .ToList();
        var results = new Dictionary<string, Timing>(StringComparer.Ordinal);
        if (names.Count == 0)
        {
            return results;
        }

        var info = new ProcessStartInfo(interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(anchorsDirectory, runnerFile));
        info.ArgumentList.Add(runs.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add(Path.GetFileName(interpreter));
        foreach (var name in names)
        {
            info.ArgumentList.Add(name);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {interpreter}.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{interpreter} {runnerFile} failed ({process.ExitCode}): {error.Result.Trim()}");
        }

        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('\t');
            if (fields.Length >= 5)
            {
                results[fields[1]] = new Timing(Number(fields[2]), Number(fields[3]), Number(fields[4]));
            }
        }

        return results;
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
