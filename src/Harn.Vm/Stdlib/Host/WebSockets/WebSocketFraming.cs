using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Harn.Stdlib.Host.WebSockets;

/// <summary>WebSocket opcodes (RFC 6455 §5.2).</summary>
internal enum WebSocketOpcode : byte
{
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
}

/// <summary>One frame as read off the wire, unmasked.</summary>
internal readonly record struct WebSocketFrame(bool Final, WebSocketOpcode Opcode, byte[] Payload);

/// <summary>
/// Reads and writes RFC 6455 frames on a stream. Clients mask what they send, servers do not;
/// a frame whose declared length passes <c>maxPayload</c> is refused before its payload is read.
/// </summary>
internal static class WebSocketFraming
{
    public static async Task<WebSocketFrame?> ReadAsync(Stream stream, long maxPayload, CancellationToken cancellation)
    {
        var head = new byte[2];
        if (!await FillAsync(stream, head, cancellation).ConfigureAwait(false))
        {
            return null;
        }

        var final = (head[0] & 0x80) != 0;
        var opcode = (WebSocketOpcode)(head[0] & 0x0F);
        var masked = (head[1] & 0x80) != 0;
        long length = head[1] & 0x7F;
        if (length == 126)
        {
            var extended = new byte[2];
            await RequireAsync(stream, extended, cancellation).ConfigureAwait(false);
            length = BinaryPrimitives.ReadUInt16BigEndian(extended);
        }
        else if (length == 127)
        {
            var extended = new byte[8];
            await RequireAsync(stream, extended, cancellation).ConfigureAwait(false);
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(extended);
        }

        if (length > maxPayload || length < 0)
        {
            throw new WebSocketTooLargeException(length, maxPayload);
        }

        var mask = new byte[4];
        if (masked)
        {
            await RequireAsync(stream, mask, cancellation).ConfigureAwait(false);
        }

        var payload = new byte[length];
        await RequireAsync(stream, payload, cancellation).ConfigureAwait(false);
        if (masked)
        {
            for (var i = 0; i < payload.Length; i++)
            {
                payload[i] ^= mask[i & 3];
            }
        }

        return new WebSocketFrame(final, opcode, payload);
    }

    public static async Task WriteAsync(Stream stream, WebSocketOpcode opcode, ReadOnlyMemory<byte> payload, bool mask, CancellationToken cancellation)
    {
        var header = new List<byte>(14) { (byte)(0x80 | (byte)opcode) };
        var maskBit = mask ? (byte)0x80 : (byte)0;
        if (payload.Length < 126)
        {
            header.Add((byte)(maskBit | payload.Length));
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            header.Add((byte)(maskBit | 126));
            header.Add((byte)(payload.Length >> 8));
            header.Add((byte)payload.Length);
        }
        else
        {
            header.Add((byte)(maskBit | 127));
            var extended = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(extended, (ulong)payload.Length);
            header.AddRange(extended);
        }

        var body = payload.ToArray();
        if (mask)
        {
            var key = RandomNumberGenerator.GetBytes(4);
            header.AddRange(key);
            for (var i = 0; i < body.Length; i++)
            {
                body[i] ^= key[i & 3];
            }
        }

        var frame = new byte[header.Count + body.Length];
        header.CopyTo(frame);
        body.CopyTo(frame, header.Count);
        await stream.WriteAsync(frame, cancellation).ConfigureAwait(false);
        await stream.FlushAsync(cancellation).ConfigureAwait(false);
    }

    /// <summary>The <c>Sec-WebSocket-Accept</c> value that answers a client's key.</summary>
    public static string AcceptKey(string key) =>
        Convert.ToBase64String(SHA1.HashData(System.Text.Encoding.ASCII.GetBytes(key.Trim() + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));

    /// <summary>Fills the buffer; false at a clean end of stream before the first byte.</summary>
    private static async Task<bool> FillAsync(Stream stream, byte[] buffer, CancellationToken cancellation)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var count = await stream.ReadAsync(buffer.AsMemory(read), cancellation).ConfigureAwait(false);
            if (count == 0)
            {
                return read == 0 ? false : throw new EndOfStreamException("WebSocket connection closed mid-frame");
            }

            read += count;
        }

        return true;
    }

    private static async Task RequireAsync(Stream stream, byte[] buffer, CancellationToken cancellation)
    {
        if (buffer.Length > 0 && !await FillAsync(stream, buffer, cancellation).ConfigureAwait(false))
        {
            throw new EndOfStreamException("WebSocket connection closed mid-frame");
        }
    }
}

/// <summary>A peer announced a frame larger than the connection accepts.</summary>
internal sealed class WebSocketTooLargeException(long length, long limit)
    : Exception($"message of {length} bytes exceeds max_message_bytes {limit}");
