using System.Globalization;
using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>
/// The compaction engine behind <c>transcript_compact</c>, <c>transcript_summarize</c>,
/// <c>transcript_auto_compact</c> and <c>agent_session_compact</c>: older messages are archived and
/// replaced by a summary, the last <c>keep_last</c> stay verbatim. Strategies: <c>truncate</c>
/// (a deterministic digest), <c>observation_mask</c> (the digest with long observations masked),
/// <c>llm</c> (a model writes the summary), <c>custom</c> (<c>compact_callback(archived)</c>).
/// </summary>
internal sealed class TranscriptCompaction(BuiltinLookup builtins)
{
    private const int DefaultKeepLast = 4;
    private const int DigestChars = 160;
    private const int MaskLines = 8;

    public void Register(BuiltinRegistry registry)
    {
        registry.Register("transcript_compact", (context, args) =>
            Value.FromDict(Compact(context, Transcript.From(Args.At(args, 0), "transcript_compact"), Args.At(args, 1))));
        registry.Register("transcript_summarize", (context, args) =>
        {
            var options = Args.At(args, 1);
            var withStrategy = (options.Kind == ValueKind.Dict ? options.AsDict : HarnDict.Empty).With("strategy", AgentValues.Str("llm"));
            return Value.FromDict(Compact(context, Transcript.From(Args.At(args, 0), "transcript_summarize"), Value.FromDict(withStrategy)));
        });
        registry.Register("transcript_auto_compact", (context, args) =>
            AgentValues.List(AutoCompact(context, Args.List(args, 0, "transcript_auto_compact"), Args.At(args, 1))));
    }

    /// <summary>
    /// Compacts a transcript: keeps the last messages, stores the summary, archives the whole
    /// previous transcript as an asset, records a <c>compaction</c> event and tells the
    /// subscribers of the session the transcript belongs to.
    /// </summary>
    public HarnDict Compact(BuiltinContext context, HarnDict transcript, Value options)
    {
        var messages = Transcript.Messages(Value.FromDict(transcript));
        var keepLast = KeepLast(options, messages);
        var archived = messages.Take(messages.Count - keepLast).ToList();
        var kept = messages.Skip(messages.Count - keepLast).ToList();
        var strategy = Strategy(options, "truncate");
        var summary = AgentValues.StringField(options, "summary") ?? Summarize(context, archived, options, strategy);
        var assetId = "asset_" + AgentIds.NewUuid();
        var asset = AgentValues.Dict(
            ("id", AgentValues.Str(assetId)),
            ("kind", AgentValues.Str("transcript")),
            ("name", AgentValues.Str("compacted-transcript")),
            ("visibility", AgentValues.Str("internal")),
            ("data", Value.FromDict(transcript)));
        var metadata = AgentValues.Dict(
            ("strategy", AgentValues.Str(strategy)),
            ("archived_count", Value.FromInt(archived.Count)),
            ("kept_count", Value.FromInt(kept.Count)),
            ("estimated_tokens_before", Value.FromInt(Microcompaction.EstimateTokens(Value.FromList(messages)))),
            ("estimated_tokens_after", Value.FromInt(Microcompaction.EstimateTokens(AgentValues.List(kept)) + summary.Length / 4)),
            ("asset_id", AgentValues.Str(assetId)));
        var compacted = Transcript.WithMessages(transcript, kept)
            .With("summary", AgentValues.Str(summary))
            .With("assets", Value.FromList(Transcript.Assets(Value.FromDict(transcript)).Append(asset)));
        compacted = Transcript.AppendEvent(compacted, "compaction", "system", "internal", summary, Value.Nil, metadata);
        if (AgentValues.StringField(transcript, "id") is { } id)
        {
            AgentSessionStore.Of(context).Emit(context, id, AgentValues.Dict(
                ("type", AgentValues.Str("transcript_compacted")),
                ("session_id", AgentValues.Str(id)),
                ("strategy", AgentValues.Str(strategy)),
                ("archived_count", Value.FromInt(archived.Count)),
                ("summary", AgentValues.Str(summary))));
        }

        return compacted;
    }

    /// <summary>
    /// The agent-loop pipeline on a message list: the older messages become one
    /// <c>[auto-compacted N older messages]</c> user message followed by the last ones.
    /// </summary>
    public IReadOnlyList<Value> AutoCompact(BuiltinContext context, HarnList messages, Value options)
    {
        var keepLast = KeepLast(options, messages);
        if (keepLast >= messages.Count)
        {
            return messages;
        }

        var archived = messages.Take(messages.Count - keepLast).ToList();
        var summary = Summarize(context, archived, options, Strategy(options, "llm"));
        var header = SummaryHeader(archived.Count);
        var content = summary.StartsWith(header, StringComparison.Ordinal) ? summary : header + "\n" + summary;
        var result = new List<Value> { AgentValues.Dict(("role", AgentValues.Str("user")), ("content", AgentValues.Str(content))) };
        result.AddRange(messages.Skip(messages.Count - keepLast));
        return result;
    }

    private static string SummaryHeader(int archived) =>
        $"[auto-compacted {archived.ToString(CultureInfo.InvariantCulture)} older messages]";

    /// <summary>
    /// How many trailing messages stay verbatim: the requested count, widened so the kept tail
    /// starts at a user turn rather than with an answer or a tool result cut off from its request.
    /// </summary>
    private static int KeepLast(Value options, HarnList messages)
    {
        var keep = AgentValues.IntField(options, "keep_last", AgentValues.IntField(options, "compact_keep_last", AgentValues.IntField(options, "keep_last_n", DefaultKeepLast)));
        var split = messages.Count - (int)Math.Clamp(keep, 0, messages.Count);
        while (split > 0 && split < messages.Count && AgentValues.StringField(messages[split], "role") is "assistant" or "tool" or "tool_result")
        {
            split--;
        }

        return messages.Count - split;
    }

    private static string Strategy(Value options, string fallback)
    {
        if ((AgentValues.StringField(options, "strategy") ?? AgentValues.StringField(options, "compact_strategy")) is { } named)
        {
            return named;
        }

        return Args.IsCallable(AgentValues.Field(options, "compact_callback")) ? "custom" : fallback;
    }

    private string Summarize(BuiltinContext context, IReadOnlyList<Value> archived, Value options, string strategy) => strategy switch
    {
        "truncate" => SummaryHeader(archived.Count) + Digest(archived, mask: false, out _),
        "observation_mask" => MaskedSummary(archived),
        "llm" or "summarize_middle" or "summarize_all" or "hybrid" => LlmSummary(context, archived, options),
        "custom" => CustomSummary(context, archived, options),
        _ => throw RuntimeErrors.Thrown($"transcript compaction: unknown strategy \"{strategy}\"; expected truncate, observation_mask, llm or custom"),
    };

    private static string MaskedSummary(IReadOnlyList<Value> archived)
    {
        var digest = Digest(archived, mask: true, out var masked);
        return $"[auto-compacted {archived.Count.ToString(CultureInfo.InvariantCulture)} older messages; masked {masked.ToString(CultureInfo.InvariantCulture)} observations]" + digest;
    }

    /// <summary>One line per archived message; with <paramref name="mask"/>, long non-assistant output keeps only its first line.</summary>
    private static string Digest(IReadOnlyList<Value> archived, bool mask, out int masked)
    {
        masked = 0;
        var text = new StringBuilder();
        foreach (var message in archived)
        {
            var role = AgentValues.StringField(message, "role") ?? "user";
            var content = TranscriptText.ContentText(AgentValues.Field(message, "content"));
            var lines = content.Split('\n');
            if (mask && role != "assistant" && lines.Length > MaskLines)
            {
                masked++;
                content = $"{lines[0]} [masked {(lines.Length - 1).ToString(CultureInfo.InvariantCulture)} lines of output]";
            }
            else if (content.Length > DigestChars)
            {
                content = content[..DigestChars] + "...";
            }

            text.Append('\n').Append(role).Append(": ").Append(content.Replace('\n', ' '));
        }

        return text.ToString();
    }

    private string LlmSummary(BuiltinContext context, IReadOnlyList<Value> archived, Value options)
    {
        var formatted = string.Join("\n", archived.Select(m =>
            $"{AgentValues.StringField(m, "role") ?? "user"}: {TranscriptText.ContentText(AgentValues.Field(m, "content"))}"));
        var bindings = AgentValues.Dict(
            ("archived_count", Value.FromInt(archived.Count)),
            ("formatted_messages", AgentValues.Str(formatted)));
        var prompt = AgentValues.StringField(options, "summarize_prompt") is { } template
            ? AgentValues.Text(builtins.Call(context, "render", AgentValues.Str(template), bindings))
            : $"Summarize the following {archived.Count.ToString(CultureInfo.InvariantCulture)} archived conversation messages so the conversation can continue without them. Keep decisions, facts and open tasks.\n\n{formatted}";
        var llmOptions = HarnDict.Empty;
        foreach (var key in new[] { "provider", "model", "model_tier", "temperature", "max_tokens" })
        {
            if (AgentValues.Field(options, key) is { IsNil: false } value)
            {
                llmOptions = llmOptions.With(key, value);
            }
        }

        var response = builtins.Call(context, "llm_call", AgentValues.Str(prompt), Value.Nil, Value.FromDict(llmOptions));
        var text = AgentValues.StringField(response, "text") ?? AgentValues.Text(response);
        return SummaryHeader(archived.Count) + "\n" + text.Trim();
    }

    private static string CustomSummary(BuiltinContext context, IReadOnlyList<Value> archived, Value options)
    {
        var callback = AgentValues.Field(options, "compact_callback");
        if (!Args.IsCallable(callback))
        {
            throw RuntimeErrors.Thrown("transcript compaction: strategy \"custom\" needs a compact_callback function");
        }

        var result = context.Invoke(callback, [AgentValues.List(archived)]);
        var summary = result.Kind == ValueKind.Dict ? AgentValues.Field(result, "summary") : result;
        return SummaryHeader(archived.Count) + "\n" + AgentValues.Text(summary);
    }
}
