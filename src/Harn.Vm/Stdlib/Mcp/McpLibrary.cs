using Harn.Runtime;

namespace Harn.Stdlib.Mcp;

/// <summary>Registers the MCP builtins: the client, the lazy registry, server cards, and what a run serves.</summary>
internal static class McpLibrary
{
    public static void Register(BuiltinRegistry registry)
    {
        McpClientBuiltins.Register(registry);
        McpRegistry.Register(registry);
        McpServerCards.Register(registry);
        McpServerBuiltins.Register(registry);
    }
}
