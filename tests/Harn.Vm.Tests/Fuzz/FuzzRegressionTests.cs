using Xunit;

namespace Harn.Vm.Tests.Fuzz;

/// <summary>Inputs that once crashed the engine under fuzzing; each must now end in an expected way.</summary>
public sealed class FuzzRegressionTests
{
    [Theory]
    [InlineData("println(1)\n", FuzzOutcome.Ran)]
    public void Former_crash_ends_in_an_expected_way(string source, FuzzOutcome expected)
    {
        Assert.Equal(expected, FuzzHarness.Exercise(source));
    }
}
