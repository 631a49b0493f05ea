using System.Globalization;
using System.Text;
using Harn.Hosting;
using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>Structured logging (<c>log_info</c>, <c>log_set_level</c>, <c>log_json</c>) and tracing spans (<c>trace_start</c>, ...).</summary>
internal static class Observability
{
    private static readonly string[] Levels = ["debug", "info", "warn", "error"];

    private static readonly RunLocal<State> States = new(() => new State());

    public static void Register(BuiltinRegistry registry)
    {
        foreach (var level in Levels)
        {
            registry.Register("log_" + level, (ctx, args) => LogLine(ctx, level, args));
        }

        registry.Register("log_set_level", SetLevel);
        registry.Register("log_json", LogJson);
        registry.Register("trace_start", TraceStart);
        registry.Register("trace_end", TraceEnd);
        registry.Register("trace_id", (ctx, _) => States.Get(ctx).Open.Count > 0 ? States.Get(ctx).Open.Peek().AsDict.Get("trace_id") : Value.Nil);
        registry.Register("enable_tracing", (ctx, args) =>
        {
            States.Get(ctx).TracingEnabled = Args.At(args, 0).IsNil || Truthiness.IsTruthy(args[0]);
            return Value.Nil;
        });
        registry.Register("trace_spans", (ctx, _) => Value.FromList(HarnList.Create(States.Get(ctx).Finished)));
        registry.Register("trace_summary", TraceSummary);
    }

    private static Value SetLevel(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var level = Args.String(args, 0, "log_set_level");
        var index = Array.IndexOf(Levels, level);
        States.Get(context).MinimumLevel = index >= 0 ? index : throw RuntimeErrors.Runtime($"log_set_level: unknown level '{level}' (expected debug, info, warn or error)");
        return Value.Nil;
    }

    /// <summary>One JSON line: <c>{"ts":…,"level":…,"msg":…}</c> plus trace ids and the caller's fields.</summary>
    private static Value LogLine(BuiltinContext context, string level, ReadOnlySpan<Value> args)
    {
        var state = States.Get(context);
        if (Array.IndexOf(Levels, level) < state.MinimumLevel)
        {
            return Value.Nil;
        }

        var line = new StringBuilder("{\"ts\":");
        JsonConversion.WriteString(line, Timestamp());
        line.Append(",\"level\":");
        JsonConversion.WriteString(line, level);
        line.Append(",\"msg\":");
        JsonConversion.WriteString(line, ValueFormatter.Display(Args.At(args, 0)));
        if (state.Open.Count > 0)
        {
            var span = state.Open.Peek().AsDict;
            line.Append(",\"trace_id\":").Append(JsonConversion.Stringify(span.Get("trace_id")));
            line.Append(",\"span_id\":").Append(JsonConversion.Stringify(span.Get("span_id")));
        }

        if (Args.At(args, 1) is { Kind: ValueKind.Dict } fields)
        {
            foreach (var (key, value) in fields.AsDict)
            {
                line.Append(',');
                JsonConversion.WriteString(line, key);
                line.Append(':').Append(JsonConversion.Stringify(value));
            }
        }

        context.Write(OutputChannel.Stdout, line.Append("}\n").ToString());
        return Value.Nil;
    }

    private static Value LogJson(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var line = new StringBuilder("{\"ts\":");
        JsonConversion.WriteString(line, Timestamp());
        line.Append(",\"key\":");
        JsonConversion.WriteString(line, ValueFormatter.Display(Args.At(args, 0)));
        line.Append(",\"value\":").Append(JsonConversion.Stringify(Args.At(args, 1))).Append("}\n");
        context.Write(OutputChannel.Stdout, line.ToString());
        return Value.Nil;
    }

    private static string Timestamp() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Opens a span: a dict <c>{name, trace_id, span_id, parent_span_id, start_ms}</c>; nested spans share the trace id.</summary>
    private static Value TraceStart(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var state = States.Get(context);
        var parent = state.Open.Count > 0 ? state.Open.Peek().AsDict : null;
        var span = HarnDict.Empty
            .With("name", Value.FromString(ValueFormatter.Display(Args.At(args, 0))))
            .With("trace_id", parent?.Get("trace_id") ?? Value.FromString(Guid.NewGuid().ToString("N")))
            .With("span_id", Value.FromString(Guid.NewGuid().ToString("N")[..16]))
            .With("parent_span_id", parent?.Get("span_id") ?? Value.Nil)
            .With("start_ms", Value.FromInt(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        var value = Value.FromDict(span);
        state.Open.Push(value);
        return value;
    }

    private static Value TraceEnd(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var state = States.Get(context);
        var span = Args.At(args, 0);
        if (state.Open.Count == 0)
        {
            return Value.Nil;
        }

        // Closing a span closes any spans still open inside it.
        while (state.Open.Count > 0)
        {
            var open = state.Open.Pop();
            var duration = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - open.AsDict.Get("start_ms").AsInt;
            if (state.TracingEnabled)
            {
                state.Finished.Add(Value.FromDict(open.AsDict.With("duration_ms", Value.FromInt(duration))));
            }

            if (span.Kind != ValueKind.Dict || ValueEquality.AreEqual(open.AsDict.Get("span_id"), span.AsDict.Get("span_id")))
            {
                break;
            }
        }

        return Value.Nil;
    }

    private static Value TraceSummary(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var finished = States.Get(context).Finished;
        var builder = new StringBuilder().Append(finished.Count.ToString(CultureInfo.InvariantCulture)).Append(" spans");
        foreach (var span in finished)
        {
            builder.Append('\n').Append(ValueFormatter.Display(span.AsDict.Get("name"))).Append(": ")
                .Append(ValueFormatter.Display(span.AsDict.Get("duration_ms"))).Append("ms");
        }

        return Value.FromString(builder.ToString());
    }

    private sealed class State
    {
        public int MinimumLevel { get; set; }

        public bool TracingEnabled { get; set; }

        public Stack<Value> Open { get; } = new();

        public List<Value> Finished { get; } = new();
    }
}
