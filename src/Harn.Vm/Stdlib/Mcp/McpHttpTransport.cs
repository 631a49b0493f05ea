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
        using var response = await PostAsync(message, cancellation).ConfigureAwait(false);
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        var body = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw RuntimeErrors.Thrown($"MCP HTTP request to {url} failed with status {(int)response.StatusCode}: {body.Trim()}");
        }

        var candidates = mediaType == "text/event-stream" ? SseData(body) : [body];
        foreach (var text in candidates)
        {
            if (JsonConversion.TryParse(text, out var parsed) && parsed.Kind == ValueKind.Dict
                && McpJson.Field(parsed, "id") is { Kind: ValueKind.Int } answered && answered.AsInt == id)
            {
                return parsed;
            }
        }

        throw RuntimeErrors.Thrown($"MCP HTTP response from {url} did not answer request {id}");
    }

    public async Task NotifyAsync(Value message, CancellationToken cancellation)
    {
        using var response = await PostAsync(message, cancellation).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> PostAsync(Value message, CancellationToken cancellation)
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
            response = await Client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellation).ConfigureAwait(false);
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

    /// <summary>The <c>data</c> payloads of an SSE body, one per event.</summary>
    private static List<string> SseData(string body)
    {
        var events = new List<string>();
        var data = new StringBuilder();
        foreach (var raw in body.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    events.Add(data.ToString());
                    data.Clear();
                }
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                if (data.Length > 0)
                {
                    data.Append('\n');
                }

                data.Append(line.AsSpan(5).TrimStart(' '));
            }
        }

        if (data.Length > 0)
        {
            events.Add(data.ToString());
        }

        return events;
    }

    public void Dispose() => _closed = true;
}
