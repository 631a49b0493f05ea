using System.Text.RegularExpressions;
using Harn.Hosting;
using Harn.Runtime;
using Xunit;

namespace Harn.Vm.Tests.Vm;

public class InstructionBudgetTests
{
    private static Value Run(string source, long maxInstructions, Action<string>? stdout = null) =>
        HarnExecution.Run(HarnScript.Compile(source), new HarnRunOptions
        {
            Output = (channel, text) =>
            {
                if (channel == OutputChannel.Stdout)
                {
                    stdout?.Invoke(text);
                }
            },
            MaxInstructions = maxInstructions,
        });

    [Fact]
    public void An_endless_loop_ends_with_the_instruction_limit()
    {
        var error = Assert.Throws<ResourceLimitException>(() => Run("pipeline default(task) {\n  while true {}\n}\n", 10_000));
        Assert.Equal("Instruction limit exceeded: the run executed more than 10000 instructions", error.Message);
        Assert.Equal(ResourceLimit.Instructions, error.Limit);
        Assert.Equal(10_000, error.Ceiling);
    }

    [Fact]
    public void Harn_code_cannot_catch_the_limit()
    {
        var output = "";
        const string source = """
            pipeline default(task) {
              try {
                while true {}
              } catch (e) {
                println("caught")
              } finally {
                println("finally")
              }
            }
            """;
        Assert.Throws<ResourceLimitException>(() => Run(source, 5_000, text => output += text));
        Assert.Equal("", output);
    }

    [Fact]
    public void The_count_is_exact_for_straight_line_code()
    {
        const string source = "pipeline default(task) {\n  let a = 1\n  let b = a + 2\n  println(b)\n}\n";

        // Every instruction of a program without branches runs once.
        var instructions = Regex.Matches(HarnScript.Compile(source).Disassemble(), @"^\s*\d{4} ", RegexOptions.Multiline).Count;
        var output = "";
        Run(source, instructions, text => output += text);
        Assert.Equal("3\n", output);
        Assert.Throws<ResourceLimitException>(() => Run(source, instructions - 1));
    }

    [Fact]
    public void Callbacks_from_builtins_count_too()
    {
        const string source = "pipeline default(task) {\n  let xs = range(0, 1000).to_list().map({ x -> x + 1 })\n  println(len(xs))\n}\n";
        var output = "";
        Run(source, 100_000, text => output += text);
        Assert.Equal("1000\n", output);

        // Each callback runs at least two instructions, so 1000 of them cannot fit in 1500.
        Assert.Throws<ResourceLimitException>(() => Run(source, 1_500));
    }

    [Fact]
    public void No_limit_by_default()
    {
        var output = "";
        Run("pipeline default(task) {\n  var i = 0\n  while i < 100000 { i += 1 }\n  println(i)\n}\n", 0, text => output += text);
        Assert.Equal("100000\n", output);
    }
}
