using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>Where a call's tool search runs: in the VM, or server-side in Anthropic's or OpenAI's shape.</summary>
internal enum ToolSearchPath
{
    Client,
    NativeAnthropic,
    NativeOpenAi,
}

/// <summary>
/// Picks the <see cref="ToolSearchPath"/> of a call from the option's <c>mode</c> and the
/// capability matrix: <c>auto</c> goes native when the (provider, model) route lists native
/// <c>tool_search</c> variants and falls back to the client path otherwise; <c>native</c>
/// refuses to downgrade; <c>client</c> always runs in the VM. A provider-keyed
/// <c>force_native_tool_search: true</c> (e.g. <c>openrouter: {...}</c>) vouches for proxies
/// whose model ids the matrix cannot parse.
/// </summary>
internal static class ToolSearchRoute
{
    public static ToolSearchPath Resolve(LlmRunState state, ToolSearchOptions search, string provider, string model, HarnDict options, bool nativeTools, string function)
    {
        if (search.Mode == "client")
        {
            return ToolSearchPath.Client;
        }

        var native = nativeTools ? NativePath(state, search, provider, model, options) : null;
        if (native is { } path)
        {
            return path;
        }

        if (search.Mode == "auto")
        {
            return ToolSearchPath.Client;
        }

        var why = nativeTools
            ? $"provider \"{provider}\" with model \"{model}\" does not expose native tool_search"
            : "tool_format \"text\" does not expose native tool_search (it needs native tool calling)";
        throw RuntimeErrors.Thrown(
            $"{function}: tool_search mode \"native\" is unavailable: {why}. Use tool_search: {{mode: \"client\"}} (or mode: \"auto\") for the client-executed fallback, "
            + $"or set {provider}: {{force_native_tool_search: true}} if this endpoint forwards OpenAI's tool_search unchanged.");
    }

    private static ToolSearchPath? NativePath(LlmRunState state, ToolSearchOptions search, string provider, string model, HarnDict options)
    {
        var capabilities = Capabilities.Lookup(state, provider, model);
        var variants = capabilities.Get("tool_search") is { Kind: ValueKind.List } list
            ? list.AsList.Where(v => v.Kind == ValueKind.String).Select(v => v.AsString).ToList()
            : [];
        if (variants.Contains("hosted"))
        {
            return ToolSearchPath.NativeOpenAi;
        }

        if (variants.Contains(search.Variant))
        {
            return ToolSearchPath.NativeAnthropic;
        }

        if (options.GetDict(provider)?.GetBool("force_native_tool_search", false) != true)
        {
            return null;
        }

        // The escape hatch exists for OpenAI-compatible proxies; Anthropic routes keep their own shape.
        return provider == "anthropic" || model.StartsWith("claude", StringComparison.OrdinalIgnoreCase)
            ? ToolSearchPath.NativeAnthropic
            : ToolSearchPath.NativeOpenAi;
    }
}
