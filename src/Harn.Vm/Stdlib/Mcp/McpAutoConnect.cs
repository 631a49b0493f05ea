using Harn.Hosting;
using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Mcp;

/// <summary>
/// Connects the project's eager MCP servers before a run starts: every harn.toml <c>[[mcp]]</c>
/// table without <c>lazy = true</c>. The clients become the global <c>mcp</c> dict
/// (<c>mcp.github</c>, ...), defined only when at least one connected; a server that fails is
/// left out with a warning on stderr. Disposing the result disconnects them when the run ends.
/// </summary>
internal sealed class McpAutoConnect : IDisposable
{
    private static readonly McpAutoConnect None = new([]);

    private readonly List<McpClient> _clients;

    private McpAutoConnect(List<McpClient> clients) => _clients = clients;

    public static McpAutoConnect Connect(BuiltinContext context, BuiltinRegistry registry, Sandbox.SandboxPolicy? sandbox)
    {
        // A sandbox that denies mcp_connect denies connecting on the script's behalf as well.
        if (sandbox?.DenyingRule("mcp_connect") is not null)
        {
            return None;
        }

        var servers = McpRegistry.Of(context).EagerServers();
        if (servers.Count == 0)
        {
            return None;
        }

        var clients = new List<McpClient>();
        var global = HarnDict.Empty;
        foreach (var server in servers)
        {
            var name = server.GetString("name")!;
            try
            {
                // The run has not started: nothing else is waiting, so the handshake is awaited here.
                var client = McpConnector.ConnectAsync(context, "mcp", server, context.CancellationToken).GetAwaiter().GetResult();
                clients.Add(client);
                global = global.With(name, Value.FromHarnObject(client));
            }
            catch (HarnRuntimeException error)
            {
                context.Write(OutputChannel.Stderr, $"warning: MCP server '{name}' failed to connect: {ValueFormatter.Display(error.CatchValue)}\n");
            }
        }

        if (global.Count > 0)
        {
            registry.RegisterGlobal("mcp", Value.FromDict(global));
        }

        return new McpAutoConnect(clients);
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Disconnect();
        }
    }
}
