using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>
/// Builds upstream's transcript dict <c>{_type: "transcript", version: 2, id, messages, events,
/// assets, summary?, metadata, state}</c>; every event is <c>{id, kind, role, visibility, text,
/// blocks, metadata?}</c>. A call that continues a transcript keeps its id, events and assets.
/// </summary>
internal sealed class LlmTranscript
{
    private readonly List<Value> _messages = [];
    private readonly List<Value> _events = [];
    private readonly HarnDict? _source;

    public LlmTranscript(HarnDict? continued)
    {
        _source = continued;
        if (continued?.Get("events", Value.Nil) is { Kind: ValueKind.List } events)
        {
            _events.AddRange(events.AsList);
        }
    }

    public static string NewId(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Adds a conversation message and its <c>message</c> event (a continued transcript's own messages carry no new event).</summary>
    public void AddMessage(HarnDict message, bool recordEvent = true)
    {
        _messages.Add(Value.FromDict(message));
        if (recordEvent)
        {
            var role = message.GetString("role") ?? "user";
            var kind = role == "tool" ? "tool_result" : "message";
            AddEvent(kind, role, "public", LlmRequest.ContentText(message.Get("content")), null);
        }
    }

    public void AddEvent(string kind, string role, string visibility, string text, HarnDict? metadata, IReadOnlyList<HarnDict>? blocks = null)
    {
        var blockValues = blocks is null
            ? HarnList.Create([Value.FromDict(HarnDict.Empty.With("type", Value.FromString("text")).With("text", Value.FromString(text)).With("visibility", Value.FromString(visibility)))])
            : HarnList.Create(blocks.Select(Value.FromDict));
        var entry = HarnDict.Empty
            .With("id", Value.FromString(NewId("event")))
            .With("kind", Value.FromString(kind))
            .With("role", Value.FromString(role))
            .With("visibility", Value.FromString(visibility))
            .With("text", Value.FromString(text))
            .With("blocks", Value.FromList(blockValues));
        _events.Add(Value.FromDict(metadata is null ? entry : entry.With("metadata", Value.FromDict(metadata))));
    }

    /// <summary>Records a model answer: private reasoning (if any), then the assistant message.</summary>
    public void AddResponse(LlmResponse response, string visibleText)
    {
        if (response.Thinking is { } thinking)
        {
            AddEvent("private_reasoning", "assistant", "private", thinking, null);
        }

        if (response.ThinkingSummary is { } summary)
        {
            AddEvent("thinking_summary", "assistant", "public", summary, null);
        }

        var message = HarnDict.Empty
            .With("role", Value.FromString("assistant"))
            .With("content", Value.FromString(response.Text));
        if (response.ToolCalls.Count > 0)
        {
            message = message.With("tool_calls", Value.FromList(HarnList.Create(response.ToolCalls.Select(Value.FromDict))));
        }

        _messages.Add(Value.FromDict(message));
        AddEvent("message", "assistant", "public", visibleText, null, response.EffectiveBlocks());
    }

    public HarnDict ToDict()
    {
        var dict = HarnDict.Empty
            .With("_type", Value.FromString("transcript"))
            .With("version", Value.FromInt(2))
            .With("id", _source?.Get("id", Value.Nil) is { Kind: ValueKind.String } id ? id : Value.FromString(NewId("transcript")))
            .With("messages", Value.FromList(HarnList.Create(_messages)))
            .With("events", Value.FromList(HarnList.Create(_events)))
            .With("assets", _source?.Get("assets", Value.Nil) is { Kind: ValueKind.List } assets ? assets : Value.FromList(HarnList.Empty))
            .With("metadata", _source?.Get("metadata", Value.Nil) is { Kind: ValueKind.Dict } metadata ? metadata : Value.FromDict(HarnDict.Empty))
            .With("state", Value.FromString("active"));
        return _source?.Get("summary", Value.Nil) is { Kind: ValueKind.String } summary ? dict.With("summary", summary) : dict;
    }
}
