using Harn.Hosting;
using Xunit;

namespace Harn.Vm.Tests.Llm;

/// <summary>agent_loop reports its iterations through <see cref="HarnRunOptions.Progress"/>.</summary>
public sealed class AgentProgressTests
{
    [Fact]
    public void EachIterationAndTheEndAreReported()
    {
        var reports = new List<HarnProgress>();
        var script = HarnScript.Compile("""
            pipeline default() {
              return agent_loop("hi", nil, {provider: "mock", max_iterations: 4}).status
            }
            """);

        var result = HarnExecution.Run(script, new HarnRunOptions { Progress = reports.Add });

        Assert.Equal("done", result.AsString);
        Assert.Equal(
            [
                new HarnProgress("agent_loop", "Iteration 1 of 4: waiting for the model", 25, false),
                new HarnProgress("agent_loop", "Iteration 1 of 4: done", 100, true),
            ],
            reports);
    }
}
