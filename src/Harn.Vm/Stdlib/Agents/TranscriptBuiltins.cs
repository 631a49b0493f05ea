using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>
/// The transcript builtins: construction (<c>transcript</c>, <c>transcript_from_messages</c>,
/// <c>add_user</c>, <c>add_assistant</c>, <c>add_message</c>), reading, lifecycle, fork,
/// export/import, assets, stats and rendering.
/// </summary>
internal static class TranscriptBuiltins
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("transcript", (_, args) => Value.FromDict(Transcript.Create(Args.At(args, 0))));
        registry.Register("transcript_from_messages", (_, args) => Value.FromDict(Transcript.From(Args.At(args, 0), "transcript_from_messages")));
        registry.Register("transcript_messages", (_, args) => Value.FromList(Transcript.Messages(Read(args, "transcript_messages"))));
        registry.Register("transcript_events", (_, args) => Value.FromList(Transcript.Events(Read(args, "transcript_events"))));
        registry.Register("transcript_events_by_kind", (_, args) =>
        {
            var kind = Args.String(args, 1, "transcript_events_by_kind");
            return AgentValues.List(Transcript.Events(Read(args, "transcript_events_by_kind")).Where(e => AgentValues.StringField(e, "kind") == kind));
        });
        registry.Register("transcript_assets", (_, args) => Value.FromList(Transcript.Assets(Read(args, "transcript_assets"))));
        registry.Register("transcript_summary", (_, args) => AgentValues.Field(Read(args, "transcript_summary"), "summary"));
        registry.Register("transcript_id", (_, args) => AgentValues.Field(Read(args, "transcript_id"), "id"));
        registry.Register("transcript_stats", (_, args) => Stats(Args.At(args, 0)));
        registry.Register("transcript_render_visible", (_, args) => AgentValues.Str(RenderVisible(Read(args, "transcript_render_visible"))));
        registry.Register("transcript_render_full", (_, args) => AgentValues.Str(RenderFull(Read(args, "transcript_render_full"))));
        registry.Register("transcript_export", (_, args) => AgentValues.Str(JsonConversion.Stringify(Read(args, "transcript_export"), pretty: true)));
        registry.Register("transcript_import", (_, args) => Import(Args.String(args, 0, "transcript_import")));
        registry.Register("transcript_fork", (_, args) => Fork(Read(args, "transcript_fork"), Args.At(args, 1)));
        registry.Register("transcript_reset", (_, args) => Value.FromDict(Transcript.Create(AgentValues.Field(Args.At(args, 0), "metadata"))));
        registry.Register("transcript_archive", (_, args) => Lifecycle(Read(args, "transcript_archive"), "archived"));
        registry.Register("transcript_abandon", (_, args) => Lifecycle(Read(args, "transcript_abandon"), "abandoned"));
        registry.Register("transcript_resume", (_, args) => Lifecycle(Read(args, "transcript_resume"), "resumed"));
        registry.Register("transcript_add_asset", (_, args) => AddAsset(Read(args, "transcript_add_asset"), Args.Dict(args, 1, "transcript_add_asset")));
        registry.Register("add_user", (_, args) => AddMessage(Args.At(args, 0), "user", Args.At(args, 1), "add_user"));
        registry.Register("add_assistant", (_, args) => AddMessage(Args.At(args, 0), "assistant", Args.At(args, 1), "add_assistant"));
        registry.Register("add_message", (_, args) => AddMessage(Args.At(args, 0), Args.String(args, 1, "add_message"), Args.At(args, 2), "add_message"));
    }

    /// <summary>Public events with text, as <c>role: text</c> lines.</summary>
    public static string RenderVisible(Value transcript)
    {
        var lines = new List<string>();
        foreach (var ev in Transcript.Events(transcript))
        {
            if (AgentValues.StringField(ev, "visibility") != "public")
            {
                continue;
            }

            var blocks = AgentValues.Field(ev, "blocks");
            var text = blocks.Kind == ValueKind.List && blocks.AsList.Count > 0
                ? TranscriptText.ContentText(blocks, publicOnly: true)
                : AgentValues.StringField(ev, "text") ?? "";
            if (text.Length > 0)
            {
                lines.Add($"{AgentValues.StringField(ev, "role") ?? "system"}: {text}");
            }
        }

        return string.Join("\n", lines);
    }

    /// <summary>Every event as <c>[visibility] role: text</c>.</summary>
    public static string RenderFull(Value transcript)
    {
        var text = new StringBuilder();
        foreach (var ev in Transcript.Events(transcript))
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append('[').Append(AgentValues.StringField(ev, "visibility") ?? "internal").Append("] ")
                .Append(AgentValues.StringField(ev, "role") ?? "system").Append(": ")
                .Append(AgentValues.StringField(ev, "text") ?? "");
        }

        return text.ToString();
    }

    private static Value Read(ReadOnlySpan<Value> args, string function) => Value.FromDict(Transcript.From(Args.At(args, 0), function));

    private static Value AddMessage(Value target, string role, Value content, string function)
    {
        var message = AgentValues.Dict(("role", AgentValues.Str(role)), ("content", content));
        return target.Kind switch
        {
            ValueKind.List => Value.FromList(target.AsList.Append(message)),
            ValueKind.Dict or ValueKind.Nil => Value.FromDict(Transcript.AppendMessage(Transcript.From(target, function), message)),
            _ => throw Args.Expected(function, "a transcript or a message list", target),
        };
    }

    private static Value Lifecycle(Value transcript, string change)
    {
        var state = change == "resumed" ? "active" : change;
        var updated = transcript.AsDict.With("state", AgentValues.Str(state));
        return Value.FromDict(Transcript.AppendEvent(
            updated, "transcript_" + change, "system", "internal", "transcript " + change, Value.Nil, AgentValues.Dict(("state", AgentValues.Str(state)))));
    }

    private static Value Fork(Value transcript, Value options)
    {
        var source = transcript.AsDict;
        var fork = source.With("id", AgentValues.Str(AgentIds.NewUuid())).With("state", AgentValues.Str("active"));
        var metadata = AgentValues.Field(source, "metadata");
        fork = fork.With("metadata", Value.FromDict((metadata.Kind == ValueKind.Dict ? metadata.AsDict : HarnDict.Empty).With("forked_from", AgentValues.Field(source, "id"))));
        if (Truthiness.IsTruthy(AgentValues.Field(options, "drop_messages")))
        {
            fork = Transcript.WithMessages(fork, []);
        }

        if (Truthiness.IsTruthy(AgentValues.Field(options, "drop_summary")))
        {
            fork = fork.Without("summary");
        }

        return Value.FromDict(fork);
    }

    private static Value Import(string json)
    {
        if (!JsonConversion.TryParse(json, out var parsed) || parsed.Kind != ValueKind.Dict)
        {
            throw RuntimeErrors.Thrown("transcript_import: expected a JSON object");
        }

        return Value.FromDict(Transcript.From(parsed, "transcript_import").With("_type", AgentValues.Str(Transcript.TypeTag)));
    }

    private static Value AddAsset(Value transcript, HarnDict asset)
    {
        if (!asset.ContainsKey("id"))
        {
            asset = asset.With("id", AgentValues.Str("asset_" + AgentIds.NewUuid()));
        }

        if (!asset.ContainsKey("visibility"))
        {
            asset = asset.With("visibility", AgentValues.Str("internal"));
        }

        return Value.FromDict(transcript.AsDict.With("assets", Value.FromList(Transcript.Assets(transcript).Append(Value.FromDict(asset)))));
    }

    private static Value Stats(Value transcript)
    {
        long messages = 0, user = 0, assistant = 0, toolResults = 0, toolCalls = 0, visibleEvents = 0, events = 0;
        if (!transcript.IsNil)
        {
            foreach (var message in Transcript.Messages(transcript))
            {
                messages++;
                switch (AgentValues.StringField(message, "role"))
                {
                    case "user":
                        user++;
                        break;
                    case "assistant":
                        assistant++;
                        break;
                    case "tool" or "tool_result":
                        toolResults++;
                        break;
                }

                toolCalls += AgentValues.ListField(message, "tool_calls").Count;
            }

            foreach (var ev in Transcript.Events(transcript))
            {
                events++;
                if (AgentValues.StringField(ev, "visibility") is "visible" or "public")
                {
                    visibleEvents++;
                }
            }
        }

        return AgentValues.Dict(
            ("message_count", Value.FromInt(messages)),
            ("user_message_count", Value.FromInt(user)),
            ("assistant_message_count", Value.FromInt(assistant)),
            ("user_facing_message_count", Value.FromInt(user + assistant)),
            ("tool_result_message_count", Value.FromInt(toolResults)),
            ("tool_call_count", Value.FromInt(toolCalls)),
            ("event_count", Value.FromInt(events)),
            ("visible_event_count", Value.FromInt(visibleEvents)));
    }
}
