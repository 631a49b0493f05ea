using System.Text;
using Harn.Hosting;
using Harn.Runtime;
using Xunit;

namespace Harn.Vm.Tests.Hardening;

/// <summary>
/// A value too large for the process to allocate (a string doubled in a loop gets there within a
/// few dozen instructions) ends the run with the memory limit error, which Harn code cannot catch.
/// A host builtin that throws <see cref="OutOfMemoryException"/> stands in for such a value.
/// </summary>
public sealed class OutOfMemoryTests
{
    [Fact]
    public void An_allocation_the_process_cannot_make_ends_the_run_uncatchably()
    {
        const string source = """
            pipeline default(task) {
              try {
                basename("x")
              } catch (e) {
                println("caught")
              } finally {
                println("finally")
              }
            }
            """;
        var output = new StringBuilder();
        var error = Assert.Throws<ResourceLimitException>(() => HarnExecution.Run(HarnScript.Compile(source), new HarnRunOptions
        {
            Output = (_, text) => output.Append(text),
            ConfigureBuiltins = registry => registry.Register("basename", (_, _) => throw new OutOfMemoryException()),
        }));
        Assert.Equal(ResourceLimit.Memory, error.Limit);
        Assert.Equal("Memory limit exceeded: a value grew larger than the process can allocate", error.Message);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void Inside_a_callback_it_ends_the_run_too()
    {
        var error = Assert.Throws<ResourceLimitException>(() => HarnExecution.Run(
            HarnScript.Compile("pipeline default(task) {\n  println([1, 2].map({ x -> [x].sort_by({ y -> basename(\"x\") }) }))\n}\n"),
            new HarnRunOptions
            {
                Output = (_, _) => { },
                ConfigureBuiltins = registry => registry.Register("basename", (_, _) => throw new OutOfMemoryException()),
            }));
        Assert.Equal(ResourceLimit.Memory, error.Limit);
    }

    [Fact]
    public void Strings_stop_growing_at_the_maximum_length_with_a_catchable_error()
    {
        TextLength.Check(TextLength.Max, "display");
        var error = Assert.Throws<HarnRuntimeException>(() => TextLength.Check(TextLength.Max + 1, "string concatenation"));
        Assert.Equal("Runtime error: string concatenation would exceed the maximum string length", error.Message);

        // A repeat past the maximum is refused before anything is allocated.
        var output = new StringBuilder();
        HarnExecution.Run(
            HarnScript.Compile("pipeline default(task) {\n  let r = try { \"ab\" * 200000000 } catch (e) { \"${e}\" }\n  println(r)\n}\n"),
            new HarnRunOptions { Output = (_, text) => output.Append(text) });
        Assert.Equal("Runtime error: string repeat of 200000000 would exceed the maximum string length\n", output.ToString());
    }
}
