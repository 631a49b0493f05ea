using Xunit;

namespace Harn.Vm.Tests.Fuzz;

/// <summary>Inputs that once crashed the engine under fuzzing; each must now end in an expected way.</summary>
public sealed class FuzzRegressionTests
{
    [Theory]
    // An import path with a NUL character threw a host exception out of the compiler.
    [InlineData("import \"lib\u0000name\"\npipeline default() {}\n", FuzzOutcome.CompileError)]
    [InlineData("import \"\u0000\"\n", FuzzOutcome.CompileError)]
    public void Former_crash_ends_in_an_expected_way(string source, FuzzOutcome expected)
    {
        Assert.Equal(expected, FuzzHarness.Exercise(source));
    }
}
