using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Harn.Runtime;

namespace Harn.Stdlib.Host.WebSockets;

/// <summary>A registered upgrade path: its bearer token (if any) and the limits of its sockets.</summary>
internal sealed record WebSocketRoute(string? Bearer, WebSocketLimits Limits);

/// <summary>A connection the server upgraded, waiting for <c>websocket_accept</c>.</summary>
internal sealed record AcceptedWebSocket(WebSocketPeer Peer, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string RemoteAddress);

/// <summary>
/// A listening WebSocket server: a TCP listener whose accept loop performs each HTTP upgrade,
/// rejecting unregistered paths (404) and requests without the route's bearer token (401)
/// before any socket exists, and queues the upgraded connections for <c>websocket_accept</c>.
/// </summary>
internal sealed class WebSocketServerHost : IDisposable
{
    private readonly TcpListener _listener;
    private readonly ConcurrentDictionary<string, WebSocketRoute> _routes = new(StringComparer.Ordinal);
    private readonly Channel<AcceptedWebSocket> _accepted = Channel.CreateUnbounded<AcceptedWebSocket>();
    private readonly CancellationTokenSource _stop = new();

    private WebSocketServerHost(TcpListener listener)
    {
        _listener = listener;
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        Address = endpoint.Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]:{endpoint.Port}" : $"{endpoint.Address}:{endpoint.Port}";
        _ = Task.Run(AcceptLoop);
    }

    /// <summary><c>host:port</c> as bound (the real port when 0 was asked for).</summary>
    public string Address { get; }

    public string Url => "ws://" + Address;

    public static WebSocketServerHost Start(string bind)
    {
        var (host, port) = ParseBind(bind);
        var address = host is "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var parsed) ? parsed
            : throw RuntimeErrors.Runtime($"websocket_server: cannot bind '{bind}': expected an IP address and port such as 127.0.0.1:8787");
        var listener = new TcpListener(address, port);
        try
        {
            listener.Start();
        }
        catch (SocketException error)
        {
            throw HostErrors.Runtime($"websocket_server: cannot bind {bind}: {error.Message}", HostErrors.Network);
        }

        return new WebSocketServerHost(listener);
    }

    private static (string Host, int Port) ParseBind(string bind)
    {
        var colon = bind.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(bind.AsSpan(colon + 1), out var port) || port is < 0 or > 65535)
        {
            throw RuntimeErrors.Runtime($"websocket_server: cannot bind '{bind}': expected an IP address and port such as 127.0.0.1:8787");
        }

        return (bind[..colon].Trim('[', ']'), port);
    }

    public void Route(string path, WebSocketRoute route) => _routes[path] = route;

    /// <summary>The next upgraded connection; null on timeout or once the server is closed.</summary>
    public async Task<AcceptedWebSocket?> AcceptAsync(long? timeoutMs, CancellationToken cancellation)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (timeoutMs is { } ms)
        {
            limit.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(0, ms)));
        }

        try
        {
            return await _accepted.Reader.ReadAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public bool IsClosed => _stop.IsCancellationRequested;

    private async Task AcceptLoop()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var tcp = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                _ = Task.Run(() => Upgrade(tcp));
            }
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The listener stopped.
        }
    }

    private async Task Upgrade(TcpClient tcp)
    {
        tcp.NoDelay = true;
        var stream = tcp.GetStream();
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            limit.CancelAfter(TimeSpan.FromSeconds(10));
            var head = await HttpUpgradeHead.ReadAsync(stream, limit.Token).ConfigureAwait(false);
            var parts = head.StartLine.Split(' ');
            var key = head.Header("sec-websocket-key");
            if (parts.Length < 3 || parts[0] != "GET" || key is null
                || !string.Equals(head.Header("upgrade"), "websocket", StringComparison.OrdinalIgnoreCase))
            {
                await Refuse(stream, "400 Bad Request", limit.Token).ConfigureAwait(false);
                return;
            }

            var target = parts[1];
            var question = target.IndexOf('?', StringComparison.Ordinal);
            var path = question >= 0 ? target[..question] : target;
            var query = question >= 0 ? target[(question + 1)..] : "";
            if (!_routes.TryGetValue(path, out var route))
            {
                await Refuse(stream, "404 Not Found", limit.Token).ConfigureAwait(false);
                return;
            }

            if (route.Bearer is { } bearer && head.Header("authorization") != "Bearer " + bearer)
            {
                await Refuse(stream, "401 Unauthorized", limit.Token).ConfigureAwait(false);
                return;
            }

            var response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + $"Sec-WebSocket-Accept: {WebSocketFraming.AcceptKey(key)}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response), limit.Token).ConfigureAwait(false);
            var peer = new WebSocketPeer(tcp, stream, masks: false, route.Limits);
            var remote = tcp.Client.RemoteEndPoint?.ToString() ?? "";
            if (!_accepted.Writer.TryWrite(new AcceptedWebSocket(peer, path, query, head.Headers, remote)))
            {
                peer.Dispose();
            }
        }
        catch (Exception error) when (error is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidDataException)
        {
            tcp.Dispose();
        }
    }

    private static async Task Refuse(NetworkStream stream, string status, CancellationToken cancellation)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), cancellation).ConfigureAwait(false);
        stream.Socket.Shutdown(SocketShutdown.Both);
        stream.Dispose();
    }

    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _listener.Stop();
        _accepted.Writer.TryComplete();
        while (_accepted.Reader.TryRead(out var waiting))
        {
            waiting.Peer.Dispose();
        }
    }
}
