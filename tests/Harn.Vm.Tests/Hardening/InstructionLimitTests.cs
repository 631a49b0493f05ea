using System.Text;
using Harn.Hosting;
using Harn.Runtime;
using Xunit;

namespace Harn.Vm.Tests.Hardening;

public sealed class InstructionLimitTests
{
    private static ResourceLimitException Exceed(string source, long maxInstructions, StringBuilder output) =>
        Assert.Throws<ResourceLimitException>(() => HarnExecution.Run(
            HarnScript.Compile(source),
            new HarnRunOptions { Output = (_, text) => output.Append(text), MaxInstructions = maxInstructions }));

    [Theory]
    [InlineData("while true { }")]
    [InlineData("fn down(n) { return down(n + 1) }\ndown(0)")]
    [InlineData("let t = spawn { while true { } }\nawait(t)")]
    [InlineData("[1, 2, 3].map({ x -> while true { } })")]
    public void Endless_work_stops_at_the_instruction_limit(string source)
    {
        var error = Exceed(source + "\n", 100_000, new StringBuilder());
        Assert.Equal(ResourceLimit.Instructions, error.Limit);
        Assert.Equal(100_000, error.Ceiling);
        Assert.Equal("Instruction limit exceeded: the run executed more than 100000 instructions", error.Message);
    }

    [Fact]
    public void No_catch_finally_or_defer_sees_the_limit()
    {
        var output = new StringBuilder();
        Exceed("try {\n  while true { }\n} catch e {\n  println(\"caught\")\n} finally {\n  println(\"finally\")\n}\n", 10_000, output);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void A_run_within_the_limit_completes()
    {
        var output = new StringBuilder();
        HarnExecution.Run(HarnScript.Compile("var n = 0\nwhile n < 1000 { n = n + 1 }\nprintln(n)\n"), new HarnRunOptions { Output = (_, text) => output.Append(text), MaxInstructions = 100_000 });
        Assert.Equal("1000\n", output.ToString());
    }
}
