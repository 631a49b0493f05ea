using System.Text;
using Harn.Hosting;
using Harn.Runtime;

namespace Harn.Vm.Tests.Workflows;

/// <summary>Runs a script and returns what it printed.</summary>
internal static class WorkflowTestRunner
{
    public static string Run(string source)
    {
        var output = new StringBuilder();
        HarnExecution.Run(HarnScript.Compile(source), new HarnRunOptions { Output = (_, text) => output.Append(text) });
        return output.ToString();
    }

    public static HarnRuntimeException Fails(string source) => Xunit.Assert.Throws<HarnRuntimeException>(() => Run(source));
}
