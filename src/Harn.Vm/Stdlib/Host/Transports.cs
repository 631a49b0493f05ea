using System.Text;
using Harn.Runtime;
using Harn.Stdlib.Host.WebSockets;

namespace Harn.Stdlib.Host;

/// <summary>
/// SSE and WebSocket client transports (<c>sse_mock</c>, <c>websocket_mock</c>, <c>sse_connect</c>,
/// <c>websocket_connect</c>, ...). A mocked URL is served in-process, and every mocked connect, send
/// and close is recorded for <c>transport_mock_calls</c>. SSE without a mock is refused; a WebSocket
/// URL without a mock gets a real connection (<see cref="WebSocketClient"/>), and sockets that a
/// <c>websocket_server</c> accepted are driven by the same send/receive/close builtins.
/// </summary>
internal static class Transports
{
    private sealed class Connection(string kind, string url, Queue<Value> incoming, bool echo, long maxMessageBytes)
    {
        public string Kind { get; } = kind;

        public string Url { get; } = url;

        public Queue<Value> Incoming { get; } = incoming;

        public bool Echo { get; } = echo;

        public long MaxMessageBytes { get; } = maxMessageBytes;

        public bool Opened { get; set; }
    }

    private sealed class TransportState
    {
        public Dictionary<string, HarnList> SseMocks { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, (HarnList Messages, bool Echo)> WebSocketMocks { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Connection> Connections { get; } = new(StringComparer.Ordinal);

        public List<Value> Calls { get; } = [];
    }

    private static readonly RunLocal<TransportState> State = new(() => new TransportState());

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("transport_mock_clear", (ctx, _) =>
        {
            var state = State.Get(ctx);
            state.SseMocks.Clear();
            state.WebSocketMocks.Clear();
            state.Calls.Clear();
            return Value.Nil;
        });
        registry.Register("transport_mock_calls", (ctx, _) => HostValues.List(State.Get(ctx).Calls));
        registry.Register("sse_mock", (ctx, args) =>
        {
            State.Get(ctx).SseMocks[Args.String(args, 0, "sse_mock")] = Args.List(args, 1, "sse_mock");
            return Value.Nil;
        });
        registry.Register("websocket_mock", WebSocketMock);
        registry.Register("sse_connect", SseConnect);
        registry.Register("sse_receive", SseReceive);
        registry.Register("sse_close", (ctx, args) => Close(ctx, args, "sse_close"));
        registry.Register("websocket_connect", WebSocketConnect);
        registry.Register("websocket_send", WebSocketSend);
        registry.Register("websocket_receive", WebSocketReceive);
        registry.Register("websocket_close", (ctx, args) => Close(ctx, args, "websocket_close"));
    }

    private static void Record(TransportState state, string kind, string operation, string url) =>
        state.Calls.Add(HostValues.Dict(("kind", Value.FromString(kind)), ("operation", Value.FromString(operation)), ("url", Value.FromString(url))));

    private static Value WebSocketMock(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var url = Args.String(args, 0, "websocket_mock");
        var config = Args.At(args, 1);
        var mock = config.Kind switch
        {
            ValueKind.List => (config.AsList, false),
            ValueKind.Dict => (config.AsDict.TryGetValue("messages", out var messages) && messages.Kind == ValueKind.List ? messages.AsList : HarnList.Empty,
                config.AsDict.GetBool("echo", false)),
            _ => throw Args.Expected("websocket_mock", "a list or dict", config),
        };
        State.Get(context).WebSocketMocks[url] = mock;
        return Value.Nil;
    }

    /// <summary>Opens a mocked connection and returns its handle.</summary>
    private static string Open(BuiltinContext context, string kind, string url, HarnDict options, Queue<Value> incoming, bool echo)
    {
        var state = State.Get(context);
        var handle = Http.StateOf(context).NextHandle(kind);
        var connection = new Connection(kind, url, incoming, echo, options.GetInt("max_message_bytes") ?? long.MaxValue);
        state.Connections[handle] = connection;
        Record(state, kind, "connect", url);
        return handle;
    }

    private static Value SseConnect(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var url = Args.String(args, 1, "sse_connect");
        var options = HostValues.Options(args, 2, "sse_connect");
        Http.StateOf(context).Egress?.Check(url);
        if (!State.Get(context).SseMocks.TryGetValue(url, out var events))
        {
            throw HostErrors.Runtime($"sse_connect: no SSE mock registered for {url}", HostErrors.Network);
        }

        return Value.FromString(Open(context, "sse", url, options, new Queue<Value>(events), echo: false));
    }

    /// <summary>The real socket (client or accepted) a handle names, or null for a mocked or unknown one.</summary>
    private static WebSocketPeer? RealSocket(BuiltinContext context, ReadOnlySpan<Value> args, string function)
    {
        var handle = WebSocketSockets.Handle(args, 0, function);
        return State.Get(context).Connections.ContainsKey(handle) ? null : WebSocketSockets.Of(context).Peer(handle);
    }

    /// <summary>
    /// The frame <c>websocket_send</c> sends: <c>type</c> picks text, binary, ping, pong or close
    /// (with <c>code</c> and <c>reason</c>); without one, bytes go as binary and anything else as text.
    /// </summary>
    private static (WebSocketOpcode Opcode, byte[] Payload) OutgoingFrame(Value message, HarnDict options)
    {
        byte[] Payload() => message.Kind switch
        {
            ValueKind.Nil => [],
            ValueKind.String => Encoding.UTF8.GetBytes(message.AsString),
            _ => HostValues.Bytes(message),
        };
        var type = options.GetString("type") ?? (message.Kind == ValueKind.Bytes ? "binary" : "text");
        return type switch
        {
            "text" => (WebSocketOpcode.Text, message.Kind == ValueKind.String ? Encoding.UTF8.GetBytes(message.AsString) : Encoding.UTF8.GetBytes(ValueFormatter.Display(message))),
            "binary" => (WebSocketOpcode.Binary, Payload()),
            "ping" => (WebSocketOpcode.Ping, Control(Payload())),
            "pong" => (WebSocketOpcode.Pong, Control(Payload())),
            "close" => (WebSocketOpcode.Close, WebSocketPeer.ClosePayload((int)(options.GetInt("code") ?? 1000), options.GetString("reason") ?? "")),
            _ => throw RuntimeErrors.Runtime($"websocket_send: unknown message type \"{type}\". Expected \"text\", \"binary\", \"ping\", \"pong\" or \"close\""),
        };
    }

    private static byte[] Control(byte[] payload) =>
        payload.Length <= 125 ? payload : throw RuntimeErrors.Runtime($"websocket_send: ping and pong payloads are limited to 125 bytes, got {payload.Length}");

    private static Connection Find(BuiltinContext context, ReadOnlySpan<Value> args, string function)
    {
        var handle = WebSocketSockets.Handle(args, 0, function);
        return State.Get(context).Connections.TryGetValue(handle, out var connection)
            ? connection
            : throw RuntimeErrors.Runtime($"{function}: unknown or closed handle '{handle}'");
    }

    private static Value SseReceive(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var connection = Find(context, args, "sse_receive");
        if (!connection.Opened)
        {
            connection.Opened = true;
            return HostValues.Dict(("type", Value.FromString("open")));
        }

        if (!connection.Incoming.TryDequeue(out var next))
        {
            return Value.Nil;
        }

        var fields = next.Kind == ValueKind.Dict ? next.AsDict : HarnDict.Empty.With("data", Value.FromString(ValueFormatter.Display(next)));
        return HostValues.Dict(
            ("type", Value.FromString("event")),
            ("event", Value.FromString(fields.GetString("event") ?? "message")),
            ("data", Value.FromString(fields.GetString("data") ?? string.Empty)),
            ("id", HostValues.Str(fields.GetString("id"))),
            ("retry_ms", fields.GetInt("retry_ms") is { } retry ? Value.FromInt(retry) : Value.Nil));
    }

    private static Value WebSocketConnect(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var url = Args.String(args, 0, "websocket_connect");
        var options = HostValues.Options(args, 1, "websocket_connect");
        Http.StateOf(context).Egress?.Check(url);
        if (!State.Get(context).WebSocketMocks.TryGetValue(url, out var mock))
        {
            if (!url.StartsWith("ws://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("wss://", StringComparison.OrdinalIgnoreCase))
            {
                throw HostErrors.Runtime($"websocket_connect: no WebSocket mock registered for {url}", HostErrors.Network);
            }

            return AsyncBuiltin.Await(context, async cancellation =>
                Value.FromString(WebSocketSockets.Of(context).AddPeer(context, await WebSocketClient.ConnectAsync(url, options, cancellation).ConfigureAwait(false))));
        }

        return Value.FromString(Open(context, "websocket", url, options, new Queue<Value>(mock.Messages), mock.Echo));
    }

    private static Value WebSocketSend(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        if (RealSocket(context, args, "websocket_send") is { } socket)
        {
            var (opcode, payload) = OutgoingFrame(Args.At(args, 1), HostValues.Options(args, 2, "websocket_send"));
            socket.Send(opcode, payload);
            return Value.True;
        }

        var connection = Find(context, args, "websocket_send");
        var message = Args.At(args, 1);
        Record(State.Get(context), connection.Kind, "send", connection.Url);
        if (connection.Echo)
        {
            connection.Incoming.Enqueue(message);
        }

        return Value.True;
    }

    private static Value WebSocketReceive(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        if (RealSocket(context, args, "websocket_receive") is { } socket)
        {
            long? timeout = Args.At(args, 1).IsNil ? null : Args.Int(args, 1, "websocket_receive");
            return AsyncBuiltin.Await(context, cancellation => socket.ReceiveAsync(timeout, cancellation));
        }

        var connection = Find(context, args, "websocket_receive");
        if (!connection.Incoming.TryDequeue(out var message))
        {
            return HostValues.Dict(("type", Value.FromString("timeout")));
        }

        var size = HostValues.Bytes(message).Length;
        if (size > connection.MaxMessageBytes)
        {
            throw RuntimeErrors.Runtime($"websocket_receive: message of {size} bytes exceeds max_message_bytes {connection.MaxMessageBytes}");
        }

        return message.Kind == ValueKind.Bytes
            ? HostValues.Dict(("type", Value.FromString("binary")), ("data_base64", Value.FromString(Convert.ToBase64String(message.As<byte[]>()))))
            : HostValues.Dict(("type", Value.FromString("text")), ("data", Value.FromString(message.Kind == ValueKind.String ? message.AsString : Encoding.UTF8.GetString(HostValues.Bytes(message)))));
    }

    private static Value Close(BuiltinContext context, ReadOnlySpan<Value> args, string function)
    {
        var state = State.Get(context);
        var handle = WebSocketSockets.Handle(args, 0, function);
        if (!state.Connections.Remove(handle, out var connection))
        {
            if (function == "websocket_close" && WebSocketSockets.Of(context).RemovePeer(handle, out var socket))
            {
                socket!.Close();
                return Value.True;
            }

            return Value.False;
        }

        Record(state, connection.Kind, "close", connection.Url);
        return Value.True;
    }
}
