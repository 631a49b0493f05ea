using Harn.Runtime;
using Harn.Vm.Tests.Vm;
using Xunit;

namespace Harn.Vm.Tests.HostLibrary;

/// <summary>Runs Harn source for the host-library tests; paths are passed in as JSON string literals.</summary>
internal static class HostScripts
{
    public static string Output(string source) => ScriptRunner.Output(source);

    /// <summary>A Harn string literal for <paramref name="text"/>.</summary>
    public static string Quote(string text) => Harn.Stdlib.JsonConversion.Stringify(Value.FromString(text));

    /// <summary>The display text of the uncaught error of <paramref name="source"/>.</summary>
    public static string Error(string source) => ScriptRunner.Fail(source).Message;

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "harn-host-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static void AssertLines(string output, params string[] lines) => Assert.Equal(string.Join("\n", lines) + "\n", output);
}
