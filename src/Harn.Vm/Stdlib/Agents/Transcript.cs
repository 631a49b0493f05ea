using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>
/// The transcript value: <c>{_type: "transcript", version: 2, id, messages, events, assets,
/// summary?, metadata?, state}</c>. Messages are what a model sees; events are the canonical
/// history, one per message plus lifecycle, compaction and tool events, each
/// <c>{id, kind, role, visibility, text, blocks, metadata?}</c>. Transcripts are values: every
/// change returns a new one.
/// </summary>
internal static class Transcript
{
    public const string TypeTag = "transcript";

    public static HarnDict Create(Value metadata, string? id = null)
    {
        var transcript = HarnDict.Empty
            .With("_type", AgentValues.Str(TypeTag))
            .With("version", Value.FromInt(2))
            .With("id", AgentValues.Str(id ?? AgentIds.NewUuid()))
            .With("messages", Value.FromList(HarnList.Empty))
            .With("events", Value.FromList(HarnList.Empty))
            .With("assets", Value.FromList(HarnList.Empty))
            .With("state", AgentValues.Str("active"));
        return metadata.IsNil ? transcript : transcript.With("metadata", metadata);
    }

    public static bool IsTranscript(Value value) => value.Kind == ValueKind.Dict && AgentValues.StringField(value, "_type") == TypeTag;

    /// <summary>
    /// A transcript from a transcript (events filled in when missing), a list of messages, or nil (empty).
    /// </summary>
    public static HarnDict From(Value value, string function)
    {
        switch (value.Kind)
        {
            case ValueKind.Nil:
                return Create(Value.Nil);
            case ValueKind.List:
                return FromMessages(value.AsList);
            case ValueKind.Dict:
                {
                    var dict = value.AsDict;
                    foreach (var key in new[] { "messages", "events", "assets" })
                    {
                        if (!dict.ContainsKey(key))
                        {
                            dict = dict.With(key, key == "events" ? Value.FromList(EventsFor(AgentValues.ListField(Value.FromDict(dict), "messages"))) : Value.FromList(HarnList.Empty));
                        }
                    }

                    return dict;
                }

            default:
                throw Args.Expected(function, "a transcript", value);
        }
    }

    public static HarnDict FromMessages(IEnumerable<Value> messages)
    {
        var transcript = Create(Value.Nil);
        foreach (var message in messages)
        {
            transcript = AppendMessage(transcript, message);
        }

        return transcript;
    }

    public static HarnList Messages(Value transcript) => AgentValues.ListField(transcript, "messages");

    /// <summary>The events, or events derived from the messages when the transcript carries none.</summary>
    public static HarnList Events(Value transcript) =>
        AgentValues.Field(transcript, "events") is { Kind: ValueKind.List } events ? events.AsList : EventsFor(Messages(transcript));

    public static HarnList Assets(Value transcript) => AgentValues.ListField(transcript, "assets");

    /// <summary>Appends a message (a dict with role and content) and the event that records it.</summary>
    public static HarnDict AppendMessage(HarnDict transcript, Value message)
    {
        var messages = Messages(Value.FromDict(transcript)).Append(message);
        return AppendEventValue(transcript.With("messages", Value.FromList(messages)), MessageEvent(message));
    }

    public static HarnDict AppendEvent(HarnDict transcript, string kind, string role, string visibility, string text, Value blocks, Value metadata) =>
        AppendEventValue(transcript, Event(kind, role, visibility, text, blocks, metadata));

    public static HarnDict AppendEventValue(HarnDict transcript, Value ev) =>
        transcript.With("events", Value.FromList(Events(Value.FromDict(transcript)).Append(ev)));

    /// <summary>Replaces the messages and rebuilds the message events, keeping the other events.</summary>
    public static HarnDict WithMessages(HarnDict transcript, IEnumerable<Value> messages)
    {
        var list = HarnList.Create(messages);
        var others = Events(Value.FromDict(transcript)).Where(e => AgentValues.StringField(e, "kind") is not ("message" or "tool_result"));
        return transcript.With("messages", Value.FromList(list)).With("events", Value.FromList(HarnList.Create(others.Concat(EventsFor(list)))));
    }

    public static Value Event(string kind, string role, string visibility, string text, Value blocks, Value metadata)
    {
        var ev = HarnDict.Empty
            .With("id", AgentValues.Str(AgentIds.NewUuid()))
            .With("kind", AgentValues.Str(kind))
            .With("role", AgentValues.Str(role))
            .With("visibility", AgentValues.Str(visibility))
            .With("text", AgentValues.Str(text))
            .With("blocks", blocks.IsNil ? Value.FromList(HarnList.Empty) : blocks);
        return Value.FromDict(metadata.IsNil ? ev : ev.With("metadata", metadata));
    }

    /// <summary>The event for a message: tool results are internal, system text is internal, the conversation public.</summary>
    public static Value MessageEvent(Value message)
    {
        var role = AgentValues.StringField(message, "role") ?? "user";
        var content = AgentValues.Field(message, "content");
        var isToolResult = role is "tool" or "tool_result";
        var visibility = role is "user" or "assistant" ? "public" : "internal";
        var blocks = content.Kind == ValueKind.List ? content : AgentValues.List([AgentValues.Dict(("type", AgentValues.Str("text")), ("text", AgentValues.Str(TranscriptText.ContentText(content))), ("visibility", AgentValues.Str(visibility)))]);
        return Event(isToolResult ? "tool_result" : "message", role, visibility, TranscriptText.ContentText(content), blocks, Value.Nil);
    }

    private static HarnList EventsFor(HarnList messages) => HarnList.Create(messages.Select(MessageEvent));
}
