using System.Text;
using Harn.Hosting;
using Harn.Runtime;
using Xunit;

namespace Harn.Vm.Tests.Hardening;

/// <summary>
/// The memory ceiling stops runaway growth well before the host is in danger. The ceiling here
/// is 64 MB; the growth allowed past it is what one sampling period and one confirmation let
/// through, far below the 1 GB the assertions allow (the machine may be heavily loaded).
/// </summary>
[Collection(nameof(MemoryLimitTests))]
public sealed class MemoryLimitTests
{
    /// <summary>The ceiling is measured on the process's heap, so nothing else may run meanwhile.</summary>
    [CollectionDefinition(nameof(MemoryLimitTests), DisableParallelization = true)]
    public sealed class Isolated;

    private const long Ceiling = 64L * 1024 * 1024;
    private const long HostDanger = 1024L * 1024 * 1024;

    private static (ResourceLimitException Error, string Output) Exceed(string source)
    {
        var output = new StringBuilder();
        var error = Assert.Throws<ResourceLimitException>(() =>
            HarnExecution.Run(HarnScript.Compile(source), new HarnRunOptions { Output = (_, text) => output.Append(text), MaxMemoryBytes = Ceiling }));
        return (error, output.ToString());
    }

    private static void AssertMemoryError(ResourceLimitException error)
    {
        Assert.Equal(ResourceLimit.Memory, error.Limit);
        Assert.Equal(Ceiling, error.Ceiling);
        Assert.StartsWith("Memory limit exceeded: the run grew the managed heap by ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($" bytes, past its ceiling of {Ceiling} bytes", error.Message, StringComparison.Ordinal);
        var grown = long.Parse(error.Message.Split(' ')[10], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(grown, Ceiling, HostDanger);
    }

    [Fact]
    public void A_string_doubled_in_a_loop_stops_at_the_ceiling_and_no_catch_or_finally_sees_it()
    {
        const string Source = """
            var s = "0123456789abcdef"
            try {
              while true { s = s + s }
            } catch e {
              println("caught")
            } finally {
              println("finally")
            }
            """;
        var (error, output) = Exceed(Source);
        AssertMemoryError(error);
        Assert.Equal("", output);
    }

    [Fact]
    public void A_huge_range_made_into_a_list_in_one_call_stops_at_the_ceiling()
    {
        var (error, output) = Exceed("let xs = range(0, 3000000000).to_list()\nprintln(len(xs))\n");
        AssertMemoryError(error);
        Assert.Equal("", output);
    }

    [Fact]
    public void An_ever_growing_list_stops_at_the_ceiling()
    {
        const string Source = """
            var items = []
            var i = 0
            while true {
              items = items.push("x".repeat(1024 * 1024) + to_string(i))
              i = i + 1
            }
            """;
        var (error, _) = Exceed(Source);
        AssertMemoryError(error);
    }

    [Fact]
    public void Growth_in_a_spawned_task_stops_at_the_ceiling()
    {
        const string Source = """
            let t = spawn {
              var parts = ["0123456789abcdef"]
              while true { parts = parts + parts }
            }
            await(t)
            """;
        var (error, _) = Exceed(Source);
        AssertMemoryError(error);
    }

    [Fact]
    public void Garbage_that_is_collected_does_not_count()
    {
        const string Source = """
            var kept = 0
            for i in 0 to 400 {
              let chunk = "x".repeat(1024 * 1024)
              kept = kept + len(chunk)
            }
            println(kept)
            """;
        var output = new StringBuilder();
        HarnExecution.Run(HarnScript.Compile(Source), new HarnRunOptions { Output = (_, text) => output.Append(text), MaxMemoryBytes = Ceiling });
        Assert.Equal($"{401L * 1024 * 1024}\n", output.ToString());
    }

    [Fact]
    public void The_process_runs_the_next_script_after_a_limit_hit()
    {
        var (error, _) = Exceed("var s = \"ab\"\nwhile true { s = s + s }\n");
        AssertMemoryError(error);
        var output = new StringBuilder();
        HarnExecution.Run(HarnScript.Compile("println(1 + 1)\n"), new HarnRunOptions { Output = (_, text) => output.Append(text), MaxMemoryBytes = Ceiling });
        Assert.Equal("2\n", output.ToString());
    }
}
