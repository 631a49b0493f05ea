using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Workflows;

/// <summary>Registers the builtins for artifacts, run records, evaluation and the workflow engine.</summary>
public static class WorkflowsLibrary
{
    public static void Register(BuiltinRegistry registry)
    {
        Artifacts.Register(registry);
        RunRecords.Register(registry);
        RunEvaluation.Register(registry);
        WorkflowGraph.Register(registry);
        WorkflowMessages.Register(registry);
        ContextAssembly.Register(registry);
        EvalPacks.Register(registry);
        Handoffs.Register(registry);
        Friction.Register(registry);
        var executor = new WorkflowExecutor(new BuiltinLookup(registry));
        executor.Register(registry);
        new AgentWorkerBuiltins(executor).Register(registry);
    }
}
