namespace Harn.Stdlib.Llm;

/// <summary>The wire protocol a provider speaks.</summary>
internal enum ProviderProtocol
{
    Mock,
    OpenAiChat,
    AnthropicMessages,
    OllamaChat,
}

/// <summary>
/// One configured provider: where it lives (a base URL an environment variable may override),
/// how it authenticates (<c>header</c>, <c>bearer</c> or <c>none</c>, with the environment
/// variables holding the key) and its default model.
/// </summary>
internal sealed record ProviderInfo(
    string Name,
    ProviderProtocol Protocol,
    string BaseUrl,
    string? BaseUrlEnv,
    string ChatEndpoint,
    string AuthStyle,
    IReadOnlyList<string> AuthEnv,
    string DefaultModel)
{
    public string ResolvedBaseUrl()
    {
        var overridden = BaseUrlEnv is null ? null : Environment.GetEnvironmentVariable(BaseUrlEnv);
        var url = string.IsNullOrWhiteSpace(overridden) ? BaseUrl : overridden.Trim();
        if (Protocol == ProviderProtocol.OllamaChat && !url.Contains("://", StringComparison.Ordinal))
        {
            url = "http://" + url;
        }

        return url.TrimEnd('/');
    }

    /// <summary>The API key from the environment, or null (also for keyless providers).</summary>
    public string? ApiKey() => AuthEnv
        .Select(Environment.GetEnvironmentVariable)
        .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));

    public bool AuthAvailable => AuthStyle == "none" || ApiKey() is not null;
}

/// <summary>One catalogued model: its provider, tier, context window and USD price per million tokens.</summary>
internal sealed record ModelInfo(
    string Id,
    string Provider,
    string Tier,
    long ContextWindow,
    double InputPerMtok,
    double OutputPerMtok,
    double CacheReadPerMtok,
    double CacheWritePerMtok);
