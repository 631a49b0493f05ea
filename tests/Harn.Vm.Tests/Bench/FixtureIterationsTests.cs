using System.Runtime.CompilerServices;
using Harn.Bench;
using Xunit;
using Xunit.Abstractions;

namespace Harn.Vm.Tests.Bench;

/// <summary>The benchmark's iteration counts (bytes per iteration) must name exactly the shared fixtures.</summary>
public sealed class FixtureIterationsTests(ITestOutputHelper output)
{
    [Fact]
    public void Iteration_table_names_every_fixture_and_nothing_else()
    {
        var fixtures = FixturesDirectory();
        if (fixtures is null)
        {
            output.WriteLine("Benchmark fixtures not found (../shared/bench/fixtures); nothing to check.");
            return;
        }

        var names = Directory.GetFiles(fixtures, "*.harn").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(names, FixtureIterations.ByFixture.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Iteration_counts_are_positive()
    {
        Assert.All(FixtureIterations.ByFixture, entry => Assert.True(entry.Value > 0, entry.Key));
    }

    /// <summary>../shared/bench/fixtures beside the folder holding HarnPS.sln, searched upwards from this source file.</summary>
    private static string? FixturesDirectory([CallerFilePath] string source = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(source)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HarnPS.sln")))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "bench", "fixtures"));
                return Directory.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }
}
