using System.Globalization;
using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>
/// Server-side SSE: <c>sse_event</c> formats a frame; <c>sse_server_response</c> creates a response
/// handle whose frames are queued for the adapter (or read back with <c>sse_server_mock_receive</c>),
/// with size limits and close/cancel/disconnect state.
/// </summary>
internal static class SseServer
{
    private sealed class Response(long maxEventBytes)
    {
        public long MaxEventBytes { get; } = maxEventBytes;

        public Queue<Value> Frames { get; } = new();

        public long Sent { get; set; }

        public long Flushed { get; set; }

        public bool Closed { get; set; }

        public bool Disconnected { get; set; }

        public string? CancelReason { get; set; }

        public bool Open => !Closed && !Disconnected && CancelReason is null;
    }

    private static readonly RunLocal<Dictionary<string, Response>> Responses = new(() => new Dictionary<string, Response>(StringComparer.Ordinal));

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("sse_event", (_, args) => Value.FromString(Frame(Args.At(args, 0), HostValues.Options(args, 1, "sse_event")).Text));
        registry.Register("sse_server_response", Create);
        registry.Register("sse_server_send", Send);
        registry.Register("sse_server_heartbeat", Heartbeat);
        registry.Register("sse_server_flush", (ctx, args) =>
        {
            var response = Find(ctx, args, "sse_server_flush");
            if (!response.Open)
            {
                return Value.False;
            }

            response.Flushed = response.Sent;
            return Value.True;
        });
        registry.Register("sse_server_status", Status);
        registry.Register("sse_server_disconnected", (ctx, args) => Value.FromBool(Find(ctx, args, "sse_server_disconnected").Disconnected));
        registry.Register("sse_server_cancelled", (ctx, args) => Value.FromBool(Find(ctx, args, "sse_server_cancelled").CancelReason is not null));
        registry.Register("sse_server_cancel", (ctx, args) =>
        {
            var response = Find(ctx, args, "sse_server_cancel");
            response.CancelReason = Args.OptionalString(args, 1, "sse_server_cancel", "cancelled");
            response.Closed = true;
            return Value.True;
        });
        registry.Register("sse_server_close", (ctx, args) =>
        {
            var response = Find(ctx, args, "sse_server_close");
            var wasOpen = !response.Closed;
            response.Closed = true;
            return Value.FromBool(wasOpen);
        });
        registry.Register("sse_server_mock_disconnect", (ctx, args) =>
        {
            Find(ctx, args, "sse_server_mock_disconnect").Disconnected = true;
            return Value.True;
        });
        registry.Register("sse_server_mock_receive", MockReceive);
    }

    /// <summary>The frame text of an event (a dict with <c>event/data/id/retry_ms</c>, or any value as data) and its parsed form.</summary>
    private static (string Text, Value Parsed) Frame(Value eventValue, HarnDict options)
    {
        var fields = eventValue.Kind == ValueKind.Dict ? eventValue.AsDict : HarnDict.Empty.With("data", eventValue);
        foreach (var (key, value) in options)
        {
            fields = fields.With(key, value);
        }

        var data = fields.Get("data", Value.FromString(string.Empty));
        var dataText = data.Kind == ValueKind.String ? data.AsString : JsonConversion.Stringify(data);
        var id = fields.GetString("id");
        var name = fields.GetString("event");
        var retry = fields.GetInt("retry_ms") ?? fields.GetInt("retry");
        var text = new StringBuilder();
        if (id is not null)
        {
            text.Append("id: ").Append(id).Append('\n');
        }

        if (name is not null)
        {
            text.Append("event: ").Append(name).Append('\n');
        }

        if (retry is { } ms)
        {
            text.Append("retry: ").Append(ms.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        foreach (var line in dataText.Split('\n'))
        {
            text.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        }

        var parsed = HostValues.Dict(
            ("type", Value.FromString("event")),
            ("event", Value.FromString(name ?? "message")),
            ("data", Value.FromString(dataText)),
            ("id", HostValues.Str(id)),
            ("retry_ms", retry is { } r ? Value.FromInt(r) : Value.Nil));
        return (text.Append('\n').ToString(), parsed);
    }

    private static Value Create(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var options = HostValues.Options(args, 0, "sse_server_response");
        var id = Http.StateOf(context).NextHandle("sse-response");
        Responses.Get(context)[id] = new Response(options.GetInt("max_event_bytes") ?? long.MaxValue);
        var headers = HostValues.Dict(
            ("content-type", Value.FromString("text/event-stream; charset=utf-8")),
            ("cache-control", Value.FromString("no-cache")),
            ("connection", Value.FromString("keep-alive")));
        return HostValues.Dict(("id", Value.FromString(id)), ("status", Value.FromInt(200)), ("headers", headers));
    }

    private static Response Find(BuiltinContext context, ReadOnlySpan<Value> args, string function)
    {
        var handle = Args.At(args, 0);
        var id = handle.Kind == ValueKind.Dict ? handle.AsDict.GetString("id") : handle.Kind == ValueKind.String ? handle.AsString : null;
        return id is not null && Responses.Get(context).TryGetValue(id, out var response)
            ? response
            : throw RuntimeErrors.Runtime($"{function}: unknown SSE response handle");
    }

    private static Value Send(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var response = Find(context, args, "sse_server_send");
        if (!response.Open)
        {
            return Value.False;
        }

        var (text, parsed) = Frame(Args.At(args, 1), HostValues.Options(args, 2, "sse_server_send"));
        var size = Encoding.UTF8.GetByteCount(text);
        if (size > response.MaxEventBytes)
        {
            throw RuntimeErrors.Runtime($"sse_server_send: event of {size} bytes exceeds max_event_bytes {response.MaxEventBytes}");
        }

        response.Frames.Enqueue(parsed);
        response.Sent++;
        return Value.True;
    }

    private static Value Heartbeat(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var response = Find(context, args, "sse_server_heartbeat");
        if (!response.Open)
        {
            return Value.False;
        }

        var comment = Args.OptionalString(args, 1, "sse_server_heartbeat", "heartbeat");
        response.Frames.Enqueue(HostValues.Dict(("type", Value.FromString("comment")), ("comment", Value.FromString(comment))));
        response.Sent++;
        return Value.True;
    }

    private static Value Status(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var response = Find(context, args, "sse_server_status");
        return HostValues.Dict(
            ("buffered_events", Value.FromInt(response.Frames.Count)),
            ("sent_events", Value.FromInt(response.Sent)),
            ("flushed_events", Value.FromInt(response.Flushed)),
            ("closed", Value.FromBool(response.Closed)),
            ("disconnected", Value.FromBool(response.Disconnected)),
            ("cancelled", Value.FromBool(response.CancelReason is not null)),
            ("cancel_reason", HostValues.Str(response.CancelReason)));
    }

    private static Value MockReceive(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var response = Find(context, args, "sse_server_mock_receive");
        if (response.Open && response.Frames.TryDequeue(out var frame))
        {
            return frame;
        }

        return HostValues.Dict(("type", Value.FromString(response.Open ? "timeout" : "close")));
    }
}
