using System.Text.RegularExpressions;
using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>
/// One scripted mock answer (from <c>llm_mock</c> or a replay fixture line): text, tool calls,
/// token numbers, thinking, or an injected error. With a <c>match</c> glob it answers only
/// prompts the glob matches (and stays unless <c>consume_match</c>); without one it is
/// consumed in FIFO order.
/// </summary>
internal sealed class MockEntry
{
    public string? Text { get; private init; }

    public HarnList? ToolCalls { get; private init; }

    public Regex? Matcher { get; private init; }

    public bool ConsumeMatch { get; private init; }

    public HarnDict Source { get; private init; } = HarnDict.Empty;

    public LlmError? Error(string provider, string model)
    {
        if (Source.GetDict("error") is not { } error)
        {
            return null;
        }

        return new LlmError(error.GetString("category") ?? "generic", error.GetString("message") ?? "mock error", error.GetInt("retry_after_ms"), provider, model);
    }

    public static MockEntry Parse(HarnDict config, string function)
    {
        if (config.GetDict("error") is { } error)
        {
            var category = error.GetString("category") ?? "generic";
            if (!LlmError.Categories.Contains(category))
            {
                throw RuntimeErrors.Thrown($"{function}: error.category must be one of {string.Join(", ", LlmError.Categories)}, got \"{category}\"");
            }

            if (error.GetInt("retry_after_ms") is < 0)
            {
                throw RuntimeErrors.Thrown($"{function}: error.retry_after_ms must be >= 0");
            }
        }

        var match = config.GetString("match");
        var calls = config.Get("tool_calls", Value.Nil);
        return new MockEntry
        {
            Text = config.GetString("text"),
            ToolCalls = calls.Kind == ValueKind.List ? calls.AsList : null,
            Matcher = match is null ? null : Glob(match),
            ConsumeMatch = config.GetBool("consume_match", false),
            Source = config,
        };
    }

    public static Regex Glob(string pattern) =>
        new("^" + string.Join(".*", pattern.Split('*').Select(part => string.Join(".", part.Split('?').Select(Regex.Escape)))) + "$", RegexOptions.Singleline | RegexOptions.CultureInvariant);

    /// <summary>The answer this entry gives to <paramref name="request"/>.</summary>
    public LlmResponse ToResponse(LlmRequest request)
    {
        var calls = new List<HarnDict>();
        if (ToolCalls is not null)
        {
            foreach (var call in ToolCalls)
            {
                if (call.Kind != ValueKind.Dict)
                {
                    continue;
                }

                var dict = call.AsDict;
                var arguments = dict.Get("arguments", dict.Get("args", Value.FromDict(HarnDict.Empty)));
                calls.Add(HarnDict.Empty
                    .With("id", Value.FromString("mock_call_" + (calls.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)))
                    .With("name", dict.Get("name"))
                    .With("arguments", arguments));
            }
        }

        var text = Text ?? string.Empty;
        var cacheWrite = Source.GetInt("cache_write_tokens") ?? Source.GetInt("cache_creation_input_tokens") ?? 0;
        return new LlmResponse
        {
            Text = text,
            ToolCalls = calls,
            Provider = request.Provider,
            Model = Source.GetString("model") ?? request.Model,
            InputTokens = Source.GetInt("input_tokens") ?? MockProvider.EstimateTokens(request.PromptText()),
            OutputTokens = Source.GetInt("output_tokens") ?? MockProvider.EstimateTokens(text),
            CacheReadTokens = Source.GetInt("cache_read_tokens") ?? 0,
            CacheWriteTokens = cacheWrite,
            Thinking = Source.GetString("thinking"),
            ThinkingSummary = Source.GetString("thinking_summary"),
            StopReason = Source.GetString("stop_reason"),
            Blocks = Source.Get("blocks") is { Kind: ValueKind.List } blocks ? blocks.AsList.Where(b => b.Kind == ValueKind.Dict).Select(b => b.AsDict).ToList() : null,
        };
    }
}
