using System.Text;
using Harn.Hosting;
using Harn.Runtime;
using Xunit;

namespace Harn.Vm.Tests.Vm;

/// <summary>Compiles and runs Harn source for the VM tests, capturing stdout.</summary>
internal static class ScriptRunner
{
    public static (string Output, Value Result) Run(string source, CancellationToken cancellation = default, int maxCallDepth = 512)
    {
        var output = new StringBuilder();
        var script = HarnScript.Compile(source);
        var result = HarnExecution.Run(script, new HarnRunOptions
        {
            Output = (channel, text) =>
            {
                if (channel == OutputChannel.Stdout)
                {
                    output.Append(text);
                }
            },
            CancellationToken = cancellation,
            MaxCallDepth = maxCallDepth,
        });
        return (output.ToString(), result);
    }

    public static string Output(string source) => Run(source).Output;

    /// <summary>The uncaught error's enriched text.</summary>
    public static HarnRuntimeException Fail(string source)
    {
        var error = Assert.Throws<HarnRuntimeException>(() => Run(source));
        return error;
    }
}
