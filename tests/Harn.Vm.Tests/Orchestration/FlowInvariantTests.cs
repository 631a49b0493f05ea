using Xunit;
using static Harn.Vm.Tests.Stdlib.StdlibAssert;

namespace Harn.Vm.Tests.Orchestration;

public class FlowInvariantTests
{
    [Fact]
    public void Verdicts_carry_kind_blocking_and_clamped_confidence()
    {
        Prints("""
            let block = flow_invariant_block("c", "m")
            println([flow_invariant_kind(block), flow_invariant_is_blocking(block), flow_invariant_is_blocking(flow_invariant_warn("w"))])
            println(flow_invariant_is_blocking(flow_invariant_require_approval("role", "sec")))
            println(flow_invariant_confidence(flow_with_confidence(block, -3)))
            let fixed = flow_with_remediation(flow_with_evidence(block, flow_evidence_metadata("p", "n", "k")), flow_remediation("fix it"))
            println([len(fixed.evidence), fixed.evidence[0].kind, fixed.remediation.description])
            """,
            "[block, true, false]", "true", "0.0", "[1, metadata_path, fix it]");
    }

    [Fact]
    public void Bad_inputs_are_rejected()
    {
        Fails("""flow_invariant_require_approval("team", "x")""", "Thrown: flow_invariant_require_approval: approver kind must be 'principal' or 'role', got 'team'");
        Fails("""flow_evidence_atom("abc", 0, 1)""", "Thrown: flow_evidence_atom: atom must be 64 hex digits");
        Fails("""flow_invariant_kind({})""", "Type error: flow_invariant_kind: expected a flow invariant result, got dict");
    }
}
