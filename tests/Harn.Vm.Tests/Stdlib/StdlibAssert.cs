using Harn.Runtime;
using Harn.Vm.Tests.Vm;
using Xunit;

namespace Harn.Vm.Tests.Stdlib;

/// <summary>Runs Harn source for the per-area edge-case tests.</summary>
internal static class StdlibAssert
{
    /// <summary>Asserts that <paramref name="source"/> prints exactly <paramref name="lines"/>, one per line.</summary>
    public static void Prints(string source, params string[] lines) =>
        Assert.Equal(string.Join("\n", lines) + "\n", ScriptRunner.Output(source));

    /// <summary>Asserts the uncaught error text of <paramref name="source"/> (without the line suffix).</summary>
    public static void Fails(string source, string message) =>
        Assert.Equal(message, Assert.Throws<HarnRuntimeException>(() => ScriptRunner.Run(source)).Message);
}
