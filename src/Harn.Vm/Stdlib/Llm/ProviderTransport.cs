using System.Globalization;
using System.Net;
using System.Text;
using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>
/// Sends a request to a real provider over the process-wide <see cref="HttpClient"/>, reads the
/// whole or streamed (SSE / NDJSON) answer, and turns HTTP and network failures into
/// categorized <see cref="LlmFailure"/>s with the provider's retry-after hint. API keys go only
/// into request headers, never into an error message.
/// </summary>
internal static class ProviderTransport
{
    private const int DefaultTimeoutSeconds = 120;
    private const int ErrorBodyLimit = 500;

    private static readonly Lazy<HttpClient> Client = new(() => new HttpClient(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.All,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    });

    /// <summary>The one client every provider request shares (connection pooling, DNS refresh).</summary>
    public static HttpClient HttpClient => Client.Value;

    public static Providers.IProviderWire WireOf(ProviderInfo provider) => provider.Protocol switch
    {
        ProviderProtocol.AnthropicMessages => Providers.AnthropicWire.Instance,
        ProviderProtocol.OllamaChat => Providers.OllamaWire.Instance,
        _ => Providers.OpenAiWire.Instance,
    };

    public static async Task<LlmResponse> SendAsync(ProviderInfo provider, LlmRequest request, Action<string>? onDelta, CancellationToken cancellation)
    {
        var wire = WireOf(provider);
        var apiKey = request.Options.GetString("api_key") ?? provider.ApiKey();
        if (provider.AuthStyle != "none" && apiKey is null)
        {
            throw Failure("auth", $"No API key found for provider {provider.Name}: set {string.Join(" or ", provider.AuthEnv)}", null, request);
        }

        var stream = request.Stream || onDelta is not null;
        var url = (request.Options.GetString("base_url")?.TrimEnd('/') ?? provider.ResolvedBaseUrl()) + provider.ChatEndpoint;
        HttpRequestMessage message;
        try
        {
            message = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(JsonConversion.Stringify(Value.FromDict(wire.Body(request, stream))), Encoding.UTF8, "application/json"),
            };
            wire.Authorize(message, apiKey);
        }
        catch (Exception error) when (error is FormatException or ArgumentException or InvalidOperationException)
        {
            throw Failure("generic", $"{provider.Name} request could not be built for {url}: {Snippet(error.Message, apiKey)}", null, request);
        }

        using var owned = message;
        var timeout = TimeSpan.FromSeconds(request.Options.GetInt("timeout") ?? DefaultTimeoutSeconds);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await Client.Value.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                throw Failure(LlmError.CategoryForStatus(status), $"{provider.Name} HTTP {status}: {Snippet(body, apiKey)}", RetryAfterMs(response), request);
            }

            var isStream = stream && (response.Content.Headers.ContentType?.MediaType is "text/event-stream" or "application/x-ndjson" || wire.NdJson);
            if (!isStream)
            {
                var text = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
                return wire.Parse(ParseBody(text, request), request);
            }

            var answer = new Providers.StreamingAnswer(onDelta);
            await using var content = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            using var reader = new StreamReader(content, Encoding.UTF8);
            await foreach (var (eventName, data) in Providers.StreamEvents.Read(reader, wire.NdJson, deadline.Token).ConfigureAwait(false))
            {
                if (JsonConversion.TryParse(data, out var payload) && payload.Kind == ValueKind.Dict)
                {
                    wire.Apply(answer, payload.AsDict, eventName);
                }
            }

            return answer.ToResponse(request.Provider, request.Model);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw Failure("timeout", $"{provider.Name} request timed out after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", null, request);
        }
        catch (HttpRequestException error)
        {
            throw Failure("transient_network", $"{provider.Name} request failed: {Snippet(error.Message, apiKey)}", null, request);
        }
        catch (IOException error)
        {
            throw Failure("transient_network", $"{provider.Name} connection failed: {Snippet(error.Message, apiKey)}", null, request);
        }
        catch (InvalidOperationException error)
        {
            throw Failure("generic", $"{provider.Name} request to {url} failed: {Snippet(error.Message, apiKey)}", null, request);
        }
    }

    private static HarnDict ParseBody(string text, LlmRequest request) =>
        JsonConversion.TryParse(text, out var parsed) && parsed.Kind == ValueKind.Dict
            ? parsed.AsDict
            : throw Failure("server_error", $"{request.Provider} returned a body that is not a JSON object", null, request);

    private static LlmFailure Failure(string category, string message, long? retryAfterMs, LlmRequest request) =>
        new(new LlmError(category, message, retryAfterMs, request.Provider, request.Model));

    /// <summary>The response body, shortened, with any occurrence of the key masked.</summary>
    private static string Snippet(string body, string? apiKey)
    {
        var text = body.Length > ErrorBodyLimit ? body[..ErrorBodyLimit] + "..." : body;
        return apiKey is { Length: > 0 } ? text.Replace(apiKey, "***", StringComparison.Ordinal) : text;
    }

    /// <summary><c>retry-after-ms</c>, else <c>retry-after</c> (seconds or an HTTP date), in milliseconds.</summary>
    private static long? RetryAfterMs(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var millis)
            && double.TryParse(millis.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
        {
            return (long)Math.Max(0, ms);
        }

        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return (long)Math.Max(0, delta.TotalMilliseconds);
            }

            if (retryAfter.Date is { } date)
            {
                return (long)Math.Max(0, (date - DateTimeOffset.UtcNow).TotalMilliseconds);
            }
        }

        return null;
    }
}
