using Harn.Hosting;
using Harn.Vm.Tests.Syntax;
using Xunit;
using Xunit.Abstractions;

namespace Harn.Vm.Tests.Hardening;

/// <summary>
/// Every conformance file cut short must compile or fail to compile cleanly. Cutting at every
/// character of all ~720 files is ~620,000 compiles, too slow for each test run: the sweep
/// cuts every HARN_TRUNCATION_STRIDE-th character (default 37, about 17,000 cuts), starting
/// at a per-file offset so that different positions of each construct are hit, and always cuts
/// each file's last 8 characters. <c>./build.ps1 Fuzz</c> sets the stride to 1.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class TruncationSweepTests(ITestOutputHelper output)
{
    private static int Stride =>
        int.TryParse(Environment.GetEnvironmentVariable("HARN_TRUNCATION_STRIDE"), out var stride) && stride > 0 ? stride : 37;

    [Fact]
    public void Every_truncated_conformance_file_compiles_or_reports_diagnostics()
    {
        if (ConformanceLocator.Find() is not { } root)
        {
            output.WriteLine("Conformance suite not found (../shared/conformance): nothing to truncate.");
            return;
        }

        var cuts = 0;
        var failures = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.harn", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var source = File.ReadAllText(file);
            var start = Path.GetFileName(file).Sum(c => c) % Stride;
            var lengths = Enumerable.Range(0, source.Length).Where(n => n % Stride == start)
                .Concat(Enumerable.Range(Math.Max(0, source.Length - 8), Math.Min(8, source.Length)));
            foreach (var length in lengths.Distinct())
            {
                cuts++;
                try
                {
                    HarnScript.Compile(source[..length]);
                }
                catch (HarnCompileException error) when (error.Diagnostics.Count > 0)
                {
                }
                catch (Exception error)
                {
                    failures.Add($"{Path.GetRelativePath(root, file)} cut at {length}: {error.GetType().Name}: {error.Message}");
                }
            }
        }

        output.WriteLine($"{cuts} truncations compiled (stride {Stride}), {failures.Count} crashes");
        Assert.Empty(failures);
    }
}
