using Harn.Hosting;
using Xunit;

namespace Harn.Vm.Tests.StdModules;

/// <summary>Reads the embedded <c>std/*</c> module sources and runs small scripts that import them.</summary>
internal static class StdModuleSource
{
    private static readonly System.Reflection.Assembly VmAssembly = typeof(HarnScript).Assembly;

    public static IReadOnlyList<string> ResourceNames() =>
        VmAssembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("std/", StringComparison.Ordinal) && n.EndsWith(".harn", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static string Read(string resource)
    {
        using var stream = VmAssembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"no embedded resource {resource}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Stdout of <paramref name="source"/>, lines joined by '\n' and trailing whitespace trimmed.</summary>
    public static string Run(string source, Action<Harn.Runtime.BuiltinRegistry>? configureBuiltins = null)
    {
        var output = new System.Text.StringBuilder();
        var script = HarnScript.Compile(source);
        HarnExecution.Run(script, new HarnRunOptions
        {
            ConfigureBuiltins = configureBuiltins,
            Output = (channel, text) =>
            {
                if (channel == OutputChannel.Stdout)
                {
                    output.Append(text);
                }
            },
        });
        return output.ToString().TrimEnd();
    }

    /// <summary>The display text of the error that <paramref name="source"/> fails with.</summary>
    public static string Failure(string source)
    {
        var script = HarnScript.Compile(source);
        var error = Assert.Throws<Harn.Runtime.HarnRuntimeException>(() => HarnExecution.Run(script, new HarnRunOptions()));
        return error.Message;
    }
}
