using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Harn.Runtime;

namespace Harn.Stdlib.Host.WebSockets;

/// <summary>How one open socket behaves: size limit, outbound queue bound, idle timeout.</summary>
internal sealed record WebSocketLimits(long MaxMessageBytes, int SendBufferMessages, long? IdleTimeoutMs)
{
    public static readonly WebSocketLimits Default = new(long.MaxValue, 1024, null);

    public static WebSocketLimits From(HarnDict options) => new(
        options.GetInt("max_message_bytes") is { } max && max >= 0 ? max : long.MaxValue,
        options.GetInt("send_buffer_messages") is { } buffer && buffer >= 0 ? (int)Math.Min(buffer, int.MaxValue) : 1024,
        options.GetInt("idle_timeout_ms") is { } idle && idle > 0 ? idle : null);
}

/// <summary>
/// One end of an open WebSocket (a client connection, or a connection a server accepted). A
/// reader loop turns frames into message dicts for <c>websocket_receive</c> (answering pings
/// with pongs and closes with closes on its own); a writer loop drains the bounded outbound
/// queue, so a full queue makes <c>websocket_send</c> fail rather than wait.
/// </summary>
internal sealed class WebSocketPeer : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly Stream _stream;
    private readonly bool _masks;
    private readonly WebSocketLimits _limits;
    private readonly Channel<Incoming> _incoming = Channel.CreateUnbounded<Incoming>();
    private readonly ConcurrentQueue<(WebSocketOpcode Opcode, byte[] Payload)> _outbound = new();
    private readonly SemaphoreSlim _outboundReady = new(0);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private int _queued;
    private volatile bool _closeSent;
    private volatile bool _disposed;

    private readonly record struct Incoming(Value Message, string? Error);

    public WebSocketPeer(TcpClient tcp, Stream stream, bool masks, WebSocketLimits limits)
    {
        _tcp = tcp;
        _stream = stream;
        _masks = masks;
        _limits = limits;
        _ = Task.Run(ReadLoop);
        _ = Task.Run(WriteLoop);
    }

    /// <summary>The next message; <c>{type: "timeout"}</c> when none came in time, nil once the socket is closed and drained.</summary>
    public async Task<Value> ReceiveAsync(long? timeoutMs, CancellationToken cancellation)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (timeoutMs is { } ms)
        {
            limit.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(0, ms)));
        }

        try
        {
            if (!_incoming.Reader.TryRead(out var next))
            {
                if (!await _incoming.Reader.WaitToReadAsync(limit.Token).ConfigureAwait(false) || !_incoming.Reader.TryRead(out next))
                {
                    return Value.Nil;
                }
            }

            return next.Error is { } error ? throw RuntimeErrors.Runtime($"websocket_receive: {error}") : next.Message;
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return HostValues.Dict(("type", Value.FromString("timeout")));
        }
    }

    /// <summary>Queues a frame; throws when the socket is closing or the outbound queue is full.</summary>
    public void Send(WebSocketOpcode opcode, byte[] payload)
    {
        if (_closeSent || _disposed)
        {
            throw RuntimeErrors.Runtime("websocket_send: socket is closed");
        }

        if (opcode == WebSocketOpcode.Close)
        {
            _closeSent = true;
        }
        else if (Interlocked.Increment(ref _queued) > _limits.SendBufferMessages)
        {
            Interlocked.Decrement(ref _queued);
            throw RuntimeErrors.Runtime($"websocket_send: outbound buffer is full ({_limits.SendBufferMessages} queued messages)");
        }

        _outbound.Enqueue((opcode, payload));
        _outboundReady.Release();
    }

    /// <summary>Starts the closing handshake (unless one is under way) and lets the connection go shortly after.</summary>
    public void Close()
    {
        if (!_closeSent && !_disposed)
        {
            _closeSent = true;
            _outbound.Enqueue((WebSocketOpcode.Close, ClosePayload(1000, "")));
            _outboundReady.Release();
        }

        _ = Task.Delay(TimeSpan.FromSeconds(1)).ContinueWith(_ => Dispose(), TaskScheduler.Default);
    }

    public static byte[] ClosePayload(int code, string reason)
    {
        var text = Encoding.UTF8.GetBytes(reason);
        var payload = new byte[2 + text.Length];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)code);
        text.CopyTo(payload, 2);
        return payload;
    }

    private async Task ReadLoop()
    {
        var pieces = new MemoryStream();
        var messageOpcode = WebSocketOpcode.Text;
        // Control frames may carry 125 bytes whatever the message limit; data is checked as it assembles.
        var frameLimit = Math.Max(_limits.MaxMessageBytes, 125);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                WebSocketFrame? read;
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
                {
                    if (_limits.IdleTimeoutMs is { } ms)
                    {
                        idle.CancelAfter(TimeSpan.FromMilliseconds(ms));
                    }

                    try
                    {
                        read = await WebSocketFraming.ReadAsync(_stream, frameLimit, idle.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
                    {
                        await SendControl(WebSocketOpcode.Close, ClosePayload(1001, "idle timeout")).ConfigureAwait(false);
                        Deliver(CloseMessage(1001, "idle timeout"));
                        break;
                    }
                }

                if (read is not { } frame)
                {
                    break;
                }

                switch (frame.Opcode)
                {
                    case WebSocketOpcode.Ping:
                        Deliver(Control("ping", frame.Payload));
                        await SendControl(WebSocketOpcode.Pong, frame.Payload).ConfigureAwait(false);
                        break;
                    case WebSocketOpcode.Pong:
                        Deliver(Control("pong", frame.Payload));
                        break;
                    case WebSocketOpcode.Close:
                        var code = frame.Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(frame.Payload) : (int?)null;
                        var reason = frame.Payload.Length > 2 ? Encoding.UTF8.GetString(frame.Payload, 2, frame.Payload.Length - 2) : null;
                        Deliver(CloseMessage(code, reason));
                        if (!_closeSent)
                        {
                            _closeSent = true;
                            await SendControl(WebSocketOpcode.Close, code is { } echo ? ClosePayload(echo, "") : []).ConfigureAwait(false);
                        }

                        return;
                    default:
                        if (frame.Opcode != WebSocketOpcode.Continuation)
                        {
                            messageOpcode = frame.Opcode;
                            pieces.SetLength(0);
                        }

                        if (pieces.Length + frame.Payload.Length > _limits.MaxMessageBytes)
                        {
                            throw new WebSocketTooLargeException(pieces.Length + frame.Payload.Length, _limits.MaxMessageBytes);
                        }

                        pieces.Write(frame.Payload);
                        if (frame.Final)
                        {
                            Deliver(Data(messageOpcode, pieces.ToArray()));
                            pieces.SetLength(0);
                        }

                        break;
                }
            }
        }
        catch (WebSocketTooLargeException tooLarge)
        {
            _incoming.Writer.TryWrite(new Incoming(Value.Nil, tooLarge.Message));
            await SendControl(WebSocketOpcode.Close, ClosePayload(1009, "message too big")).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException or SocketException or EndOfStreamException or OperationCanceledException)
        {
            // The connection dropped; the reader sees the end below.
        }
        finally
        {
            _incoming.Writer.TryComplete();
            // The conversation is over; what was received stays readable, the connection goes.
            _ = Task.Delay(TimeSpan.FromMilliseconds(200)).ContinueWith(_ => Dispose(), TaskScheduler.Default);
        }
    }

    private async Task WriteLoop()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await _outboundReady.WaitAsync(_stop.Token).ConfigureAwait(false);
                if (!_outbound.TryDequeue(out var item))
                {
                    continue;
                }

                if (item.Opcode != WebSocketOpcode.Close)
                {
                    Interlocked.Decrement(ref _queued);
                }

                await Write(item.Opcode, item.Payload).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException or SocketException or OperationCanceledException)
        {
            // Nothing more can be written.
        }
    }

    private async Task SendControl(WebSocketOpcode opcode, byte[] payload)
    {
        try
        {
            await Write(opcode, payload).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException or SocketException or OperationCanceledException)
        {
            // The peer is gone; there is no one to answer.
        }
    }

    private async Task Write(WebSocketOpcode opcode, byte[] payload)
    {
        await _writeLock.WaitAsync(_stop.Token).ConfigureAwait(false);
        try
        {
            await WebSocketFraming.WriteAsync(_stream, opcode, payload, _masks, _stop.Token).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void Deliver(Value message) => _incoming.Writer.TryWrite(new Incoming(message, null));

    private static Value Data(WebSocketOpcode opcode, byte[] payload) => opcode == WebSocketOpcode.Binary
        ? HostValues.Dict(("type", Value.FromString("binary")), ("data_base64", Value.FromString(Convert.ToBase64String(payload))))
        : HostValues.Dict(("type", Value.FromString("text")), ("data", Value.FromString(Encoding.UTF8.GetString(payload))));

    private static Value Control(string type, byte[] payload) =>
        HostValues.Dict(("type", Value.FromString(type)), ("data_base64", Value.FromString(Convert.ToBase64String(payload))));

    private static Value CloseMessage(int? code, string? reason)
    {
        var message = HarnDict.Empty.With("type", Value.FromString("close"));
        if (code is { } number)
        {
            message = message.With("code", Value.FromInt(number));
        }

        if (reason is not null)
        {
            message = message.With("reason", Value.FromString(reason));
        }

        return Value.FromDict(message);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stop.Cancel();
        _stream.Dispose();
        _tcp.Dispose();
    }
}
