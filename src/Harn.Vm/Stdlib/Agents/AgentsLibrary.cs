using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>Registers the builtins for tools, transcripts, agent sessions, agent state and memory.</summary>
public static class AgentsLibrary
{
    public static void Register(BuiltinRegistry registry)
    {
        var builtins = new BuiltinLookup(registry);
        var compaction = new TranscriptCompaction(builtins);
        ToolRegistryBuiltins.Register(registry);
        ToolCallText.Register(registry);
        ToolBinding.Register(registry);
        ToolHooks.Register(registry);
        ToolSurfaceValidator.Register(registry);
        new ToolSynthesis(builtins).Register(registry);
        Microcompaction.Register(registry);
        TranscriptBuiltins.Register(registry);
        compaction.Register(registry);
        AgentSessionBuiltins.Register(registry, compaction);
        AgentState.Register(registry);
        MemoryLog.Register(registry);
    }
}
