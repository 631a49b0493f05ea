using Harn.Runtime;

namespace Harn.Stdlib.Orchestration;

/// <summary>
/// Registers the orchestration builtins: the run's event log, waitpoints, human-in-the-loop
/// requests, triggers and their dispatcher, the trust graph and flow-invariant verdicts.
/// </summary>
public static class OrchestrationLibrary
{
    public static void Register(BuiltinRegistry registry)
    {
        EventLogBuiltins.Register(registry);
        Waitpoints.Register(registry);
        Hitl.Register(registry);
        Triggers.Register(registry);
        TrustGraphBuiltins.Register(registry);
        FlowInvariants.Register(registry);
    }
}
