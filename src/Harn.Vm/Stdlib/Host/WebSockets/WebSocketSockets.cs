using Harn.Runtime;

namespace Harn.Stdlib.Host.WebSockets;

/// <summary>
/// The real WebSocket servers and sockets a run holds, by handle. Handles are strings; the dicts
/// <c>websocket_server</c> and <c>websocket_accept</c> return carry theirs under <c>id</c> and may
/// be passed wherever a handle is expected. Stopping the run closes them all.
/// </summary>
internal sealed class WebSocketSockets
{
    private static readonly RunLocal<WebSocketSockets> State = new(() => new WebSocketSockets());

    private readonly Dictionary<string, WebSocketPeer> _peers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WebSocketServerHost> _servers = new(StringComparer.Ordinal);

    public static WebSocketSockets Of(BuiltinContext context) => State.Get(context);

    /// <summary>The handle an argument names: a string, or a dict's <c>id</c>.</summary>
    public static string Handle(ReadOnlySpan<Value> args, int index, string function) => Args.At(args, index) switch
    {
        { Kind: ValueKind.String } text => text.AsString,
        { Kind: ValueKind.Dict } dict when dict.AsDict.GetString("id") is { } id => id,
        var other => throw Args.Expected(function, "a handle string or a dict with an `id`", other),
    };

    public string AddPeer(BuiltinContext context, WebSocketPeer peer) => Add(context, _peers, "websocket", peer);

    public string AddServer(BuiltinContext context, WebSocketServerHost server) => Add(context, _servers, "websocket-server", server);

    /// <summary>Files <paramref name="item"/> under a new handle; it is disposed when the run is cancelled or ends.</summary>
    private static string Add<T>(BuiltinContext context, Dictionary<string, T> table, string kind, T item)
        where T : IDisposable
    {
        var handle = Http.StateOf(context).NextHandle(kind);
        lock (table)
        {
            table[handle] = item;
        }

        context.CancellationToken.Register(item.Dispose);
        RunCleanup.Add(context, item);
        return handle;
    }

    public WebSocketPeer? Peer(string handle)
    {
        lock (_peers)
        {
            return _peers.GetValueOrDefault(handle);
        }
    }

    public bool RemovePeer(string handle, out WebSocketPeer? peer)
    {
        lock (_peers)
        {
            return _peers.Remove(handle, out peer);
        }
    }

    public WebSocketServerHost Server(string handle, string function)
    {
        lock (_servers)
        {
            return _servers.TryGetValue(handle, out var server)
                ? server
                : throw RuntimeErrors.Runtime($"{function}: unknown or closed WebSocket server '{handle}'");
        }
    }

    public bool RemoveServer(string handle, out WebSocketServerHost? server)
    {
        lock (_servers)
        {
            return _servers.Remove(handle, out server);
        }
    }
}
