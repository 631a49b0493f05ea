using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Mcp;

/// <summary>
/// Runs registry entries declared with <c>executor: "mcp_server"</c>: the call goes to the
/// server named by <c>mcp_server</c> (a client of this run with that name, else the harn.toml
/// server of that name, connected on first use) as <c>tools/call</c> of <c>mcp_tool</c>
/// (default: the entry's own name).
/// </summary>
internal static class McpToolDispatch
{
    public static Value Handler(HarnDict entry, string tool)
    {
        var server = AgentValues.StringField(entry, "mcp_server") ?? AgentValues.StringField(entry, "_mcp_server") ?? "";
        var remoteName = AgentValues.StringField(entry, "mcp_tool") ?? tool;
        var builtin = new Builtin(tool, (context, args) =>
        {
            var arguments = Args.At(args, 0) is { Kind: ValueKind.Dict } given ? given : Value.FromDict(HarnDict.Empty);
            var live = McpClients.Find(context, server);
            var registry = McpRegistry.Of(context);
            return AsyncBuiltin.Await(context, async cancellation =>
            {
                var client = live
                    ?? await registry.ActivateAsync(context, server, tool, cancellation).ConfigureAwait(false)
                    ?? throw RuntimeErrors.Thrown($"tool '{tool}': MCP server '{server}' is neither connected nor configured in harn.toml");
                return await McpClientBuiltins.CallToolAsync(client, remoteName, arguments, cancellation).ConfigureAwait(false);
            });
        });
        return Value.FromObject(ValueKind.Builtin, builtin);
    }
}
