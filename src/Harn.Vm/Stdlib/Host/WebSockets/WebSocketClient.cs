using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Host.WebSockets;

/// <summary>
/// Opens a real WebSocket connection (<c>ws://</c> or <c>wss://</c>): TCP (and TLS), the HTTP
/// upgrade with the caller's <c>headers</c> and <c>auth: {bearer}</c>, and the accept-key check.
/// A refused upgrade throws with the server's status line.
/// </summary>
internal static class WebSocketClient
{
    public static async Task<WebSocketPeer> ConnectAsync(string url, HarnDict options, CancellationToken cancellation)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("ws" or "wss"))
        {
            throw RuntimeErrors.Runtime($"websocket_connect: invalid WebSocket URL '{url}' (expected ws:// or wss://)");
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(TimeSpan.FromMilliseconds(options.GetInt("timeout_ms") is { } ms && ms > 0 ? ms : 30_000));
        var tcp = new TcpClient { NoDelay = true };
        Stream? stream = null;
        try
        {
            await tcp.ConnectAsync(uri.Host, uri.Port, limit.Token).ConfigureAwait(false);
            stream = tcp.GetStream();
            if (uri.Scheme == "wss")
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = uri.Host }, limit.Token).ConfigureAwait(false);
                stream = tls;
            }

            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            var request = new StringBuilder()
                .Append("GET ").Append(uri.PathAndQuery).Append(" HTTP/1.1\r\n")
                .Append("Host: ").Append(uri.Authority).Append("\r\n")
                .Append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .Append("Sec-WebSocket-Key: ").Append(key).Append("\r\n")
                .Append("Sec-WebSocket-Version: 13\r\n");
            if (options.GetDict("headers") is { } headers)
            {
                foreach (var (name, value) in headers)
                {
                    request.Append(name).Append(": ").Append(ValueFormatter.Display(value)).Append("\r\n");
                }
            }

            if (options.GetDict("auth") is { } auth && auth.GetString("bearer") is { } token)
            {
                request.Append("Authorization: Bearer ").Append(token).Append("\r\n");
            }

            request.Append("\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()), limit.Token).ConfigureAwait(false);
            var head = await HttpUpgradeHead.ReadAsync(stream, limit.Token).ConfigureAwait(false);
            var status = head.StartLine.Split(' ', 3);
            if (status.Length < 2 || status[1] != "101")
            {
                throw RuntimeErrors.Runtime($"websocket_connect: upgrade to {url} was refused: {head.StartLine}");
            }

            if (head.Header("sec-websocket-accept") != WebSocketFraming.AcceptKey(key))
            {
                throw RuntimeErrors.Runtime($"websocket_connect: {url} answered the upgrade with a wrong Sec-WebSocket-Accept");
            }

            return new WebSocketPeer(tcp, stream, masks: true, WebSocketLimits.From(options));
        }
        catch (Exception error)
        {
            stream?.Dispose();
            tcp.Dispose();
            throw error switch
            {
                HarnRuntimeException harn => harn,
                OperationCanceledException when !cancellation.IsCancellationRequested =>
                    HostErrors.Runtime($"websocket_connect: connecting to {url} timed out", HostErrors.Timeout),
                OperationCanceledException => error,
                _ => HostErrors.Runtime($"websocket_connect: cannot connect to {url}: {error.Message}", HostErrors.Network),
            };
        }
    }
}
