using Harn.Runtime;

namespace Harn.Stdlib.Mcp;

/// <summary>The clients a run has opened, so that stopping the run stops their servers too.</summary>
internal static class McpClients
{
    private static readonly RunLocal<List<McpClient>> Open = new(() => []);

    public static void Track(BuiltinContext context, McpClient client)
    {
        var clients = Open.Get(context);
        lock (clients)
        {
            clients.RemoveAll(c => !c.Connected);
            clients.Add(client);
        }

        context.CancellationToken.Register(client.Disconnect);
        RunCleanup.Add(context, new Disconnection(client));
    }

    /// <summary>A connected client of this run with <paramref name="name"/>, the most recent first; null when none.</summary>
    public static McpClient? Find(BuiltinContext context, string name)
    {
        var clients = Open.Get(context);
        lock (clients)
        {
            return clients.LastOrDefault(c => c.Connected && c.Name == name);
        }
    }

    /// <summary>The client an argument holds, or a type error naming the builtin.</summary>
    public static McpClient Of(ReadOnlySpan<Value> args, int index, string function)
    {
        var value = Args.At(args, index);
        return value.Kind == ValueKind.Object && value.Ref is McpClient client
            ? client
            : throw Args.Expected(function, "an mcp_client", value);
    }

    private sealed class Disconnection(McpClient client) : IDisposable
    {
        public void Dispose() => client.Disconnect();
    }
}
