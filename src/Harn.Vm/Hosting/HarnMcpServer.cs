using Harn.Hooks;
using Harn.Runtime;

namespace Harn.Hosting;

/// <summary>
/// Serves a script as an MCP server over stdio or Streamable HTTP, the way <c>harn serve mcp</c> does: the script
/// runs and registers what it offers (<c>mcp_tools</c>/<c>mcp_serve</c>, <c>mcp_resource</c>,
/// <c>mcp_resource_template</c>, <c>mcp_prompt</c>); when its entry pipeline returns, the run
/// answers MCP requests from <paramref name="input"/> on <paramref name="output"/> until the
/// input ends, then finishes. Hosts should send the script's own output elsewhere (stderr), since
/// <paramref name="output"/> carries the protocol.
/// </summary>
public static class HarnMcpServer
{
    /// <summary>Adds the serving step to <paramref name="hooks"/>; run the script with them as <see cref="HarnRunOptions.Hooks"/>.</summary>
    public static HookRegistration Attach(HookRegistry hooks, TextReader input, TextWriter output, string serverName = "harn")
    {
        ArgumentNullException.ThrowIfNull(hooks);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(serverName);
        return hooks.Add(HookEvent.PreFinish, null, new ServeHandler(input, output, serverName));
    }

    /// <summary>
    /// Like <see cref="Attach"/>, over Streamable HTTP: the run answers POSTs to
    /// <paramref name="endpoint"/> (for example <c>http://127.0.0.1:8765/mcp</c>) until
    /// <paramref name="stop"/> is cancelled.
    /// </summary>
    public static HookRegistration AttachHttp(HookRegistry hooks, Uri endpoint, CancellationToken stop, string serverName = "harn")
    {
        ArgumentNullException.ThrowIfNull(hooks);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(serverName);
        return hooks.Add(HookEvent.PreFinish, null, new HttpServeHandler(endpoint, stop, serverName));
    }

    private sealed class HttpServeHandler(Uri endpoint, CancellationToken stop, string serverName) : HookHandler
    {
        public override Value Invoke(BuiltinContext context, HookEvent hookEvent, Value payload)
        {
            Stdlib.Mcp.McpHttpServer.Serve(context, endpoint, serverName, stop);
            return Value.Nil;
        }
    }

    private sealed class ServeHandler(TextReader input, TextWriter output, string serverName) : HookHandler
    {
        public override Value Invoke(BuiltinContext context, HookEvent hookEvent, Value payload)
        {
            Stdlib.Mcp.McpStdioServer.Serve(context, input, output, serverName);
            return Value.Nil;
        }
    }
}
