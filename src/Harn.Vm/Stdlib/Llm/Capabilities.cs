using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>
/// The provider capability matrix: which features a (provider, model) route supports. Rules a
/// script installs (<c>provider_capabilities_install</c>) are consulted before the shipped ones;
/// the first matching rule wins. OpenAI-compatible providers inherit the <c>openai</c> rows, and
/// the mock provider routes by model id to the Anthropic or OpenAI rows.
/// </summary>
internal static class Capabilities
{
    private static readonly string[] OpenAiFamily = ["openrouter", "together", "groq", "deepseek", "fireworks", "huggingface", "local", "mlx"];

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<CapabilityRule>> Shipped = new Dictionary<string, IReadOnlyList<CapabilityRule>>(StringComparer.Ordinal)
    {
        ["anthropic"] =
        [
            Rule("claude-*", (4, 6), ("native_tools", true), ("defer_loading", true), ("tool_search", new[] { "bm25", "regex" }), ("max_tools", 10000L), ("prompt_caching", true), ("thinking_modes", new[] { "adaptive", "enabled" }), ("vision_supported", true), ("interleaved_thinking_supported", true)),
            Rule("claude-*", (4, 5), ("native_tools", true), ("defer_loading", true), ("tool_search", new[] { "bm25", "regex" }), ("max_tools", 10000L), ("prompt_caching", true), ("thinking_modes", new[] { "enabled" }), ("vision_supported", true)),
            Rule("claude-*", null, ("native_tools", true), ("prompt_caching", true), ("thinking_modes", new[] { "enabled" }), ("vision_supported", true)),
        ],
        ["openai"] =
        [
            Rule("gpt-*", (5, 4), ("native_tools", true), ("defer_loading", true), ("tool_search", new[] { "hosted", "client" }), ("prompt_caching", true), ("thinking_modes", new[] { "effort" }), ("vision_supported", true), ("requires_completion_tokens", true), ("reasoning_effort_supported", true)),
            Rule("gpt-5*", null, ("native_tools", true), ("prompt_caching", true), ("thinking_modes", new[] { "effort" }), ("vision_supported", true), ("requires_completion_tokens", true), ("reasoning_effort_supported", true)),
            Rule("o?", null, ("native_tools", true), ("prompt_caching", true), ("thinking_modes", new[] { "effort" }), ("requires_completion_tokens", true), ("reasoning_effort_supported", true)),
            Rule("o?-*", null, ("native_tools", true), ("prompt_caching", true), ("thinking_modes", new[] { "effort" }), ("requires_completion_tokens", true), ("reasoning_effort_supported", true)),
            Rule("gpt-4o*", null, ("native_tools", true), ("prompt_caching", true), ("vision_supported", true)),
            Rule("gpt-4*", null, ("native_tools", true), ("prompt_caching", true)),
            Rule("*", null, ("native_tools", true)),
        ],
        ["azure_openai"] = [Rule("*", null, ("native_tools", true), ("vision_supported", true))],
        ["bedrock"] = [Rule("*", null, ("native_tools", true))],
        ["vertex"] = [Rule("gemini-*", null, ("native_tools", true), ("vision_supported", true)), Rule("*", null, ("native_tools", true))],
        ["gemini"] = [Rule("gemini-*", null, ("native_tools", true), ("vision_supported", true), ("thinking_modes", new[] { "effort" }))],
        ["ollama"] =
        [
            Rule("qwen*", null, ("native_tools", true)),
            Rule("llama3.*", null, ("native_tools", true)),
            Rule("mistral*", null, ("native_tools", true)),
            Rule("*vision*", null, ("vision_supported", true)),
        ],
    };

    public static HarnDict Lookup(LlmRunState state, string provider, string model)
    {
        if (provider == "mock")
        {
            var lower = model.ToLowerInvariant();
            provider = lower.StartsWith("claude", StringComparison.Ordinal) ? "anthropic"
                : lower.StartsWith("gpt", StringComparison.Ordinal) || (lower.Length > 1 && lower[0] == 'o' && char.IsDigit(lower[1])) ? "openai"
                : "mock";
        }

        var rule = FirstMatch(state.CapabilityOverrides, provider, model) ?? FirstMatch(Shipped, provider, model);
        if (rule is null && OpenAiFamily.Contains(provider))
        {
            rule = FirstMatch(state.CapabilityOverrides, "openai", model) ?? FirstMatch(Shipped, "openai", model);
        }

        var fields = Defaults();
        foreach (var (key, value) in rule?.Fields ?? HarnDict.Empty)
        {
            fields = fields.With(key, value);
        }

        var modes = fields.Get("thinking_modes");
        return fields.With("thinking", Value.FromBool(modes.Kind == ValueKind.List && modes.AsList.Count > 0));
    }

    private static CapabilityRule? FirstMatch(IReadOnlyDictionary<string, IReadOnlyList<CapabilityRule>> rules, string provider, string model) =>
        rules.TryGetValue(provider, out var list) ? list.FirstOrDefault(rule => rule.Matches(model)) : null;

    private static HarnDict Defaults() => HarnDict.Empty
        .With("native_tools", Value.False)
        .With("defer_loading", Value.False)
        .With("tool_search", Value.FromList(HarnList.Empty))
        .With("max_tools", Value.Nil)
        .With("prompt_caching", Value.False)
        .With("thinking_modes", Value.FromList(HarnList.Empty))
        .With("vision_supported", Value.False)
        .With("interleaved_thinking_supported", Value.False)
        .With("requires_completion_tokens", Value.False)
        .With("reasoning_effort_supported", Value.False);

    private static CapabilityRule Rule(string match, (int, int)? versionMin, params (string Key, object Value)[] fields)
    {
        var dict = HarnDict.Empty;
        foreach (var (key, value) in fields)
        {
            dict = dict.With(key, value switch
            {
                bool flag => Value.FromBool(flag),
                long number => Value.FromInt(number),
                string[] items => HostValues.Strings(items),
                _ => Value.Nil,
            });
        }

        return new CapabilityRule(match, versionMin, dict);
    }
}
