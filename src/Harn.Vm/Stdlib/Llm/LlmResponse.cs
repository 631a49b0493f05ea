using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>One normalized model answer, whatever provider produced it.</summary>
internal sealed class LlmResponse
{
    public string Text { get; init; } = string.Empty;

    /// <summary>Native tool calls <c>{id, name, arguments}</c>.</summary>
    public IReadOnlyList<HarnDict> ToolCalls { get; init; } = [];

    public required string Provider { get; init; }

    public required string Model { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public long CacheReadTokens { get; init; }

    public long CacheWriteTokens { get; init; }

    public string? Thinking { get; init; }

    public string? ThinkingSummary { get; init; }

    public string? StopReason { get; init; }

    /// <summary>Provider-native content blocks when the provider reported them (else derived from text and tool calls).</summary>
    public IReadOnlyList<HarnDict>? Blocks { get; init; }

    public string EffectiveStopReason => StopReason ?? (ToolCalls.Count > 0 ? "tool_use" : "end_turn");

    public IReadOnlyList<HarnDict> EffectiveBlocks()
    {
        if (Blocks is not null)
        {
            return Blocks;
        }

        var blocks = new List<HarnDict>();
        if (Thinking is not null)
        {
            blocks.Add(HarnDict.Empty.With("type", Value.FromString("reasoning")).With("text", Value.FromString(Thinking)).With("visibility", Value.FromString("private")));
        }

        blocks.Add(HarnDict.Empty.With("type", Value.FromString("output_text")).With("text", Value.FromString(Text)).With("visibility", Value.FromString("public")));
        foreach (var call in ToolCalls)
        {
            blocks.Add(HarnDict.Empty
                .With("type", Value.FromString("tool_call"))
                .With("id", call.Get("id"))
                .With("name", call.Get("name"))
                .With("arguments", call.Get("arguments"))
                .With("visibility", Value.FromString("internal")));
        }

        return blocks;
    }
}
