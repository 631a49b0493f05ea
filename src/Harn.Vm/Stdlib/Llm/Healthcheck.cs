using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>
/// <c>llm_healthcheck(provider | {provider, api_key?, model?}, options?)</c>: checks that a
/// provider is known, has credentials, and answers its model-listing endpoint. The result is
/// <c>{provider, valid, status, message, metadata}</c>; it never throws for a bad provider.
/// </summary>
internal static class Healthcheck
{
    public static HarnDict Run(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var first = Args.At(args, 0);
        var options = HostValues.Options(args, 1, "llm_healthcheck");
        var config = first.Kind == ValueKind.Dict ? first.AsDict : HarnDict.Empty;
        var name = first.Kind == ValueKind.String ? first.AsString : config.GetString("provider") ?? "";
        var model = config.GetString("model") ?? options.GetString("model");
        if (ProviderCatalog.Find(name) is not { } provider)
        {
            return Result(name, false, "unknown_provider", $"Unknown provider: {name}", "unknown_provider");
        }

        if (options.GetBool("warm", false) && provider.Protocol == ProviderProtocol.OllamaChat && model is null)
        {
            return Result(name, false, "invalid_request", "warming ollama needs a model", "missing_model");
        }

        if (provider.Protocol == ProviderProtocol.Mock)
        {
            return Result(name, true, "ok", "mock provider is always available", "mock");
        }

        var apiKey = config.GetString("api_key") ?? provider.ApiKey();
        if (provider.AuthStyle != "none" && apiKey is null)
        {
            return Result(name, false, "missing_credentials", $"No API key found for {name}: set {string.Join(" or ", provider.AuthEnv)}", "missing_api_key");
        }

        if (LlmCaller.CallsDisabled)
        {
            return Result(name, false, "disabled", "LLM calls are disabled (HARN_LLM_CALLS_DISABLED is set)", "calls_disabled");
        }

        var url = provider.ResolvedBaseUrl() + provider.Protocol switch
        {
            ProviderProtocol.OllamaChat => "/api/tags",
            ProviderProtocol.AnthropicMessages => "/v1/models",
            _ => provider.ChatEndpoint.StartsWith("/v1/", StringComparison.Ordinal) ? "/v1/models" : "/models",
        };
        var (status, error) = LlmWait.Run(context, token => Probe(provider, url, apiKey, token));
        return error is not null
            ? Result(name, false, "unreachable", $"{name} is unreachable: {error}", "network_error")
            : status is >= 200 and < 300
                ? Result(name, true, "ok", $"{name} answered HTTP {status}", "ok")
                : Result(name, false, status is 401 or 403 ? "auth_failed" : "http_error", $"{name} answered HTTP {status}", "http_status");
    }

    private static async Task<(int Status, string? Error)> Probe(ProviderInfo provider, string url, string? apiKey, CancellationToken cancellation)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, url);
        ProviderTransport.WireOf(provider).Authorize(message, apiKey);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            using var response = await ProviderTransport.HttpClient.SendAsync(message, deadline.Token).ConfigureAwait(false);
            return ((int)response.StatusCode, null);
        }
        catch (HttpRequestException error)
        {
            return (0, error.Message);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return (0, "timed out");
        }
    }

    private static HarnDict Result(string provider, bool valid, string status, string message, string reason) => HarnDict.Empty
        .With("provider", Value.FromString(provider))
        .With("valid", Value.FromBool(valid))
        .With("status", Value.FromString(status))
        .With("message", Value.FromString(message))
        .With("metadata", Value.FromDict(HarnDict.Empty.With("reason", Value.FromString(reason))));
}
