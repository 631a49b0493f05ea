using System.Globalization;
using System.Text.RegularExpressions;
using Harn.Runtime;

namespace Harn.Stdlib.Llm;

/// <summary>
/// The built-in provider table, model catalog (pricing, tiers, context windows), tier aliases and
/// upstream's provider selection: explicit option, then <c>HARN_LLM_PROVIDER</c>, then inference
/// from the model id, then <c>anthropic</c>.
/// </summary>
internal static partial class ProviderCatalog
{
    public static readonly IReadOnlyList<ProviderInfo> Providers =
    [
        new("anthropic", ProviderProtocol.AnthropicMessages, "https://api.anthropic.com", "ANTHROPIC_BASE_URL", "/v1/messages", "header", ["ANTHROPIC_API_KEY"], "claude-sonnet-4-20250514"),
        new("openai", ProviderProtocol.OpenAiChat, "https://api.openai.com/v1", "OPENAI_BASE_URL", "/chat/completions", "bearer", ["OPENAI_API_KEY"], "gpt-4o"),
        new("openrouter", ProviderProtocol.OpenAiChat, "https://openrouter.ai/api/v1", "OPENROUTER_BASE_URL", "/chat/completions", "bearer", ["OPENROUTER_API_KEY"], "anthropic/claude-sonnet-4.6"),
        new("huggingface", ProviderProtocol.OpenAiChat, "https://router.huggingface.co/v1", "HF_BASE_URL", "/chat/completions", "bearer", ["HF_TOKEN", "HUGGINGFACE_API_KEY"], "meta-llama/Llama-3.3-70B-Instruct"),
        new("together", ProviderProtocol.OpenAiChat, "https://api.together.xyz/v1", "TOGETHER_BASE_URL", "/chat/completions", "bearer", ["TOGETHER_API_KEY"], "meta-llama/Llama-3.3-70B-Instruct-Turbo"),
        new("groq", ProviderProtocol.OpenAiChat, "https://api.groq.com/openai/v1", "GROQ_BASE_URL", "/chat/completions", "bearer", ["GROQ_API_KEY"], "llama-3.3-70b-versatile"),
        new("deepseek", ProviderProtocol.OpenAiChat, "https://api.deepseek.com/v1", "DEEPSEEK_BASE_URL", "/chat/completions", "bearer", ["DEEPSEEK_API_KEY"], "deepseek-chat"),
        new("ollama", ProviderProtocol.OllamaChat, "http://localhost:11434", "OLLAMA_HOST", "/api/chat", "none", [], "llama3.2"),
        new("local", ProviderProtocol.OpenAiChat, "http://localhost:8000", "LOCAL_LLM_BASE_URL", "/v1/chat/completions", "none", [], "local-model"),
        new("mlx", ProviderProtocol.OpenAiChat, "http://127.0.0.1:8002", "MLX_BASE_URL", "/v1/chat/completions", "none", [], "mlx-qwen36-27b"),
        new("mock", ProviderProtocol.Mock, "", null, "", "none", [], "mock"),
    ];

    public static readonly IReadOnlyList<ModelInfo> Models =
    [
        new("claude-opus-4-20250514", "anthropic", "frontier", 200_000, 15, 75, 1.5, 18.75),
        new("claude-sonnet-4-20250514", "anthropic", "frontier", 200_000, 3, 15, 0.3, 3.75),
        new("claude-3-5-haiku-20241022", "anthropic", "small", 200_000, 0.8, 4, 0.08, 1),
        new("gpt-4o", "openai", "frontier", 128_000, 2.5, 10, 1.25, 2.5),
        new("gpt-4o-mini", "openai", "mid", 128_000, 0.15, 0.6, 0.075, 0.15),
        new("gpt-4.1", "openai", "frontier", 1_000_000, 2, 8, 0.5, 2),
        new("gpt-4.1-mini", "openai", "mid", 1_000_000, 0.4, 1.6, 0.1, 0.4),
        new("deepseek-chat", "deepseek", "mid", 64_000, 0.27, 1.1, 0.07, 0.27),
        new("llama3.2", "ollama", "small", 32_768, 0, 0, 0, 0),
        new("qwen3:30b-a3b", "ollama", "mid", 32_768, 0, 0, 0, 0),
    ];

    /// <summary>Tier and convenience aliases: alias → (model id, provider).</summary>
    public static readonly IReadOnlyDictionary<string, (string Id, string Provider)> Aliases = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["frontier"] = ("claude-sonnet-4-20250514", "anthropic"),
        ["mid"] = ("gpt-4o-mini", "openai"),
        ["small"] = ("llama3.2", "ollama"),
        ["sonnet"] = ("claude-sonnet-4-20250514", "anthropic"),
        ["opus"] = ("claude-opus-4-20250514", "anthropic"),
        ["haiku"] = ("claude-3-5-haiku-20241022", "anthropic"),
    };

    /// <summary>The cheap model each provider uses for quality-control passes.</summary>
    public static readonly IReadOnlyDictionary<string, string> QcDefaults = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["anthropic"] = "claude-3-5-haiku-20241022",
        ["openai"] = "gpt-4o-mini",
        ["ollama"] = "llama3.2",
        ["mock"] = "mock",
    };

    public static ProviderInfo? Find(string name) => Providers.FirstOrDefault(provider => provider.Name == name);

    public static ModelInfo? FindModel(string id) =>
        Models.FirstOrDefault(model => model.Id == id)
        ?? Models.Where(model => id.StartsWith(model.Id, StringComparison.Ordinal)).OrderByDescending(model => model.Id.Length).FirstOrDefault();

    /// <summary>Resolves <c>provider:model</c> prefixes and tier aliases to a model id and provider (null when unknown).</summary>
    public static (string Id, string? Provider) Resolve(string model)
    {
        if (Aliases.TryGetValue(model, out var alias))
        {
            return alias;
        }

        var colon = model.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            var prefix = model[..colon];
            if (prefix == "local")
            {
                return (model[(colon + 1)..], "ollama");
            }

            if (Find(prefix) is not null)
            {
                return (model[(colon + 1)..], prefix);
            }
        }

        return (model, null);
    }

    public static string InferProvider(string model)
    {
        var (id, provider) = Resolve(model);
        if (provider is not null)
        {
            return provider;
        }

        if (FindModel(id) is { } known)
        {
            return known.Provider;
        }

        var lower = id.ToLowerInvariant();
        if (lower.StartsWith("claude", StringComparison.Ordinal))
        {
            return "anthropic";
        }

        if (lower.StartsWith("gpt-", StringComparison.Ordinal) || OpenAiReasoning().IsMatch(lower) || lower.StartsWith("chatgpt", StringComparison.Ordinal))
        {
            return "openai";
        }

        if (lower.Contains('/', StringComparison.Ordinal))
        {
            return "openrouter";
        }

        if (lower.Contains(':', StringComparison.Ordinal))
        {
            return "ollama";
        }

        return lower.StartsWith("deepseek", StringComparison.Ordinal) ? "deepseek" : "anthropic";
    }

    public static string ModelTier(string model)
    {
        var (id, _) = Resolve(model);
        if (FindModel(id) is { } known)
        {
            return known.Tier;
        }

        var lower = id.ToLowerInvariant();
        if (lower.Contains("opus", StringComparison.Ordinal) || lower.Contains("sonnet", StringComparison.Ordinal)
            || (lower.StartsWith("gpt-4", StringComparison.Ordinal) && !lower.Contains("mini", StringComparison.Ordinal))
            || lower.StartsWith("gpt-5", StringComparison.Ordinal) || lower.Contains("gemini-2.5-pro", StringComparison.Ordinal))
        {
            return "frontier";
        }

        if (ParameterCount().Match(lower) is { Success: true } size
            && double.TryParse(size.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var billions))
        {
            return billions <= 14 ? "small" : billions >= 200 ? "frontier" : "mid";
        }

        return lower.Contains("haiku", StringComparison.Ordinal) ? "small" : "mid";
    }

    /// <summary>Provider for a call: explicit option, <c>HARN_LLM_PROVIDER</c>, inference from the model, else anthropic.</summary>
    public static string SelectProvider(string? explicitProvider, string? model)
    {
        if (!string.IsNullOrWhiteSpace(explicitProvider) && explicitProvider != "auto")
        {
            return explicitProvider;
        }

        if (Environment.GetEnvironmentVariable("HARN_LLM_PROVIDER") is { Length: > 0 } fromEnv)
        {
            return fromEnv;
        }

        return model is null ? "anthropic" : InferProvider(model);
    }

    /// <summary>USD cost of a call by the model's pricing (0 for unknown models).</summary>
    public static double Cost(string model, long input, long output, long cacheRead = 0, long cacheWrite = 0)
    {
        if (FindModel(Resolve(model).Id) is not { } info)
        {
            return 0;
        }

        return ((input - cacheRead - cacheWrite) * info.InputPerMtok + output * info.OutputPerMtok
            + cacheRead * info.CacheReadPerMtok + cacheWrite * info.CacheWritePerMtok) / 1_000_000;
    }

    /// <summary>What cache reads saved (and cache writes cost extra) versus full input price.</summary>
    public static double CacheSavings(string model, long cacheRead, long cacheWrite)
    {
        if (FindModel(Resolve(model).Id) is not { } info)
        {
            return 0;
        }

        return (cacheRead * (info.InputPerMtok - info.CacheReadPerMtok) - cacheWrite * (info.CacheWritePerMtok - info.InputPerMtok)) / 1_000_000;
    }

    public static HarnDict PricingDict(ModelInfo model) => HarnDict.Empty
        .With("input_per_mtok", Value.FromFloat(model.InputPerMtok))
        .With("output_per_mtok", Value.FromFloat(model.OutputPerMtok))
        .With("cache_read_per_mtok", Value.FromFloat(model.CacheReadPerMtok))
        .With("cache_write_per_mtok", Value.FromFloat(model.CacheWritePerMtok));

    [GeneratedRegex(@"^o[1-9](-|$)")]
    private static partial Regex OpenAiReasoning();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)b(?![a-z])")]
    private static partial Regex ParameterCount();
}
