using Harn.Runtime;

namespace Harn.Stdlib.Host.WebSockets;

/// <summary>
/// The WebSocket server builtins: <c>websocket_server(bind?, options?)</c> listens and returns
/// <c>{id, addr, url}</c>; <c>websocket_route</c> registers an upgrade path with its
/// <c>auth: {bearer}</c>, <c>max_message_bytes</c>, <c>send_buffer_messages</c> and
/// <c>idle_timeout_ms</c>; <c>websocket_accept</c> returns the next upgraded connection
/// (<c>{id, path, query, headers, peer}</c>, <c>{type: "timeout"}</c>, or nil once closed);
/// <c>websocket_server_close</c> stops listening. Accepted sockets use <c>websocket_send</c>,
/// <c>websocket_receive</c> and <c>websocket_close</c> like client ones.
/// </summary>
internal static class WebSocketServerBuiltins
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("websocket_server", Start);
        registry.Register("websocket_route", Route);
        registry.Register("websocket_accept", Accept);
        registry.Register("websocket_server_close", (ctx, args) =>
        {
            var handle = WebSocketSockets.Handle(args, 0, "websocket_server_close");
            if (!WebSocketSockets.Of(ctx).RemoveServer(handle, out var server))
            {
                return Value.False;
            }

            server!.Dispose();
            return Value.True;
        });
    }

    private static Value Start(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var bind = Args.At(args, 0).IsNil ? "127.0.0.1:0" : Args.String(args, 0, "websocket_server");
        HostValues.Options(args, 1, "websocket_server");
        var server = WebSocketServerHost.Start(bind);
        var handle = WebSocketSockets.Of(context).AddServer(context, server);
        return HostValues.Dict(
            ("id", Value.FromString(handle)),
            ("addr", Value.FromString(server.Address)),
            ("url", Value.FromString(server.Url)));
    }

    private static Value Route(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        const string Function = "websocket_route";
        var server = WebSocketSockets.Of(context).Server(WebSocketSockets.Handle(args, 0, Function), Function);
        var path = Args.String(args, 1, Function);
        if (!path.StartsWith('/'))
        {
            throw RuntimeErrors.Runtime($"{Function}: path must start with '/', got '{path}'");
        }

        var options = HostValues.Options(args, 2, Function);
        var bearer = options.GetDict("auth")?.GetString("bearer");
        server.Route(path, new WebSocketRoute(bearer, WebSocketLimits.From(options)));
        return Value.True;
    }

    private static Value Accept(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        const string Function = "websocket_accept";
        var sockets = WebSocketSockets.Of(context);
        var server = sockets.Server(WebSocketSockets.Handle(args, 0, Function), Function);
        long? timeout = Args.At(args, 1).IsNil ? null : Args.Int(args, 1, Function);
        return AsyncBuiltin.Await(context, async cancellation =>
        {
            if (server.IsClosed)
            {
                return Value.Nil;
            }

            var accepted = await server.AcceptAsync(timeout, cancellation).ConfigureAwait(false);
            if (accepted is null)
            {
                return server.IsClosed ? Value.Nil : HostValues.Dict(("type", Value.FromString("timeout")));
            }

            var headers = HarnDict.FromEntries(accepted.Headers.Select(h => new KeyValuePair<string, Value>(h.Key, Value.FromString(h.Value))));
            return HostValues.Dict(
                ("id", Value.FromString(sockets.AddPeer(context, accepted.Peer))),
                ("type", Value.FromString("open")),
                ("path", Value.FromString(accepted.Path)),
                ("query", Value.FromString(accepted.Query)),
                ("headers", Value.FromDict(headers)),
                ("peer", Value.FromString(accepted.RemoteAddress)));
        });
    }
}
