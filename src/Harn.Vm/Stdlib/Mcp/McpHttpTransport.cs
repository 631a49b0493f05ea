using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Mcp;

/// <summary>
/// MCP over Streamable HTTP: each message is a POST to the server's endpoint; the answer comes
/// back as a JSON body or as an SSE stream that carries it. The server's <c>Mcp-Session-Id</c>
/// is echoed on every later request.
/// </summary>
internal sealed class McpHttpTransport(string url, IReadOnlyDictionary<string, string> headers) : IMcpTransport
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private string? _sessionId;
    private string? _protocolVersion;
    private bool _closed;

    public bool IsAlive => !_closed;

    public string Url => url;

    /// <summary>Set once the handshake has agreed on a version; later requests announce it.</summary>
    public string? ProtocolVersion
    {
        get => _protocolVersion;
        set => _protocolVersion = value;
    }

    public async Task<Value> RequestAsync(long id, Value message, CancellationToken cancellation)
    {
        using var response = await PostAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var error = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
            throw RuntimeErrors.Thrown($"MCP HTTP request to {url} failed with status {(int)response.StatusCode}: {error.Trim()}");
        }

        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            // The stream may stay open after the answer (for server notifications): read up to it.
            using var stream = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var data = new StringBuilder();
            while (true)
            {
                var line = await reader.ReadLineAsync(cancellation).ConfigureAwait(false);
                if (line is null || line.Length == 0)
                {
                    if (Answer(data.ToString(), id) is { } answer)
                    {
                        return answer;
                    }

                    data.Clear();
                    if (line is null)
                    {
                        break;
                    }
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Append(data.Length > 0 ? "\n" : "").Append(line.AsSpan(5).TrimStart(' '));
                }
            }
        }
        else if (Answer(await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false), id) is { } answer)
        {
            return answer;
        }

        throw RuntimeErrors.Thrown($"MCP HTTP response from {url} did not answer request {id}");
    }

    public async Task NotifyAsync(Value message, CancellationToken cancellation)
    {
        using var response = await PostAsync(message, HttpCompletionOption.ResponseContentRead, cancellation).ConfigureAwait(false);
    }

    /// <summary>The JSON-RPC response to request <paramref name="id"/> if <paramref name="text"/> is one.</summary>
    private static Value? Answer(string text, long id) =>
        text.Length > 0 && JsonConversion.TryParse(text, out var parsed) && parsed.Kind == ValueKind.Dict
            && McpJson.Field(parsed, "id") is { Kind: ValueKind.Int } answered && answered.AsInt == id
            && McpJson.Field(parsed, "method").IsNil
            ? parsed
            : null;

    private async Task<HttpResponseMessage> PostAsync(Value message, HttpCompletionOption completion, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(JsonConversion.Stringify(message), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (_sessionId is not null)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Session-Id", _sessionId);
        }

        if (_protocolVersion is not null)
        {
            request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", _protocolVersion);
        }

        HttpResponseMessage response;
        try
        {
            response = await Client.SendAsync(request, completion, cancellation).ConfigureAwait(false);
        }
        catch (HttpRequestException error)
        {
            throw HostErrors.Runtime($"MCP HTTP request to {url} failed: {error.Message}", HostErrors.Network);
        }

        if (response.Headers.TryGetValues("Mcp-Session-Id", out var session))
        {
            _sessionId = session.FirstOrDefault() ?? _sessionId;
        }

        if (response.StatusCode == HttpStatusCode.NotFound && _sessionId is not null)
        {
            _closed = true;
        }

        return response;
    }

    public void Dispose() => _closed = true;
}
