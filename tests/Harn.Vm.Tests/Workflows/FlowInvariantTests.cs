using Xunit;
using static Harn.Vm.Tests.Workflows.WorkflowTestRunner;

namespace Harn.Vm.Tests.Workflows;

public class FlowInvariantTests
{
    [Fact]
    public void Verdicts_grade_block_and_clamp_confidence()
    {
        var output = Run("""
            pipeline default() {
              let block = flow_invariant_block("code", "message")
              println([flow_invariant_kind(block), flow_invariant_is_blocking(block), flow_invariant_is_blocking(flow_invariant_allow())])
              println(flow_invariant_confidence(flow_with_confidence(block, -3)))
              println(flow_invariant_require_approval("role", "ops").verdict.approver)
              println(try { flow_invariant_require_approval("team", "x") })
              println(try { flow_invariant_kind({}) })
            }
            """);
        Assert.Equal(
            "[block, true, false]\n0.0\n{kind: role, name: ops}\n"
            + "Result.Err(flow_invariant_require_approval: approver kind must be \"principal\" or \"role\", got \"team\")\n"
            + "Result.Err(Type error: flow_invariant_kind: expected a flow invariant result, got dict)\n",
            output);
    }
}
