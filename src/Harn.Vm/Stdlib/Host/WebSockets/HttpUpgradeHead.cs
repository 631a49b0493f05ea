using System.Text;

namespace Harn.Stdlib.Host.WebSockets;

/// <summary>The head of an HTTP/1.1 upgrade request or response: its first line and headers (names lower-cased).</summary>
internal sealed record HttpUpgradeHead(string StartLine, IReadOnlyDictionary<string, string> Headers)
{
    private const int MaxHeadBytes = 16 * 1024;

    /// <summary>Reads up to the blank line that ends the head, byte by byte so nothing after it is consumed.</summary>
    public static async Task<HttpUpgradeHead> ReadAsync(Stream stream, CancellationToken cancellation)
    {
        var bytes = new List<byte>(512);
        var one = new byte[1];
        while (!EndsWithBlankLine(bytes))
        {
            if (bytes.Count >= MaxHeadBytes)
            {
                throw new InvalidDataException("HTTP head is too large");
            }

            if (await stream.ReadAsync(one, cancellation).ConfigureAwait(false) == 0)
            {
                throw new EndOfStreamException("connection closed during the HTTP upgrade");
            }

            bytes.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString(bytes.ToArray()).Split("\r\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var name = line[..colon].Trim().ToLowerInvariant();
                var value = line[(colon + 1)..].Trim();
                headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
            }
        }

        return new HttpUpgradeHead(lines[0], headers);
    }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    private static bool EndsWithBlankLine(List<byte> bytes) =>
        bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n';
}
