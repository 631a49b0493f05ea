using Harn.Runtime;
using Harn.Stdlib.Concurrency;
using Harn.Stdlib.Host;
using static Harn.Stdlib.Orchestration.OrchestrationValues;

namespace Harn.Stdlib.Orchestration;

/// <summary>
/// <c>event_log_emit</c> and the <c>event_log</c> namespace: <c>emit(topic, kind, payload, headers?)</c>
/// returns the new event's cursor, <c>read(topic, from_cursor?)</c> lists events, and
/// <c>subscribe({topic, from_cursor})</c> streams the events after a cursor, waiting for live ones.
/// </summary>
internal static class EventLogBuiltins
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("event_log_emit", (context, args) => Emit(context, args, "event_log_emit"));
        registry.RegisterGlobal("event_log", Value.FromHarnObject(new EventLogNamespace()));
    }

    private static Value Emit(BuiltinContext context, ReadOnlySpan<Value> args, string function)
    {
        var topic = Args.String(args, 0, function);
        var kind = Args.String(args, 1, function);
        var headers = Args.At(args, 3);
        if (!headers.IsNil && headers.Kind != ValueKind.Dict)
        {
            throw Args.Expected(function, "a dict of headers", headers);
        }

        return Value.FromInt(EventLog.Of(context).Append(topic, kind, Args.At(args, 2), headers.IsNil ? null : headers.AsDict).Cursor);
    }

    private static long Cursor(Value value, string function) => value.Kind switch
    {
        ValueKind.Nil => 0,
        ValueKind.Int => value.AsInt,
        _ => throw Args.Expected(function, "an int cursor", value),
    };

    private static Value Read(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var topic = Args.String(args, 0, "event_log.read");
        var cursor = Cursor(Args.At(args, 1), "event_log.read");
        return List(EventLog.Of(context).Read(topic).Where(e => e.Cursor > cursor).Select(e => e.ToValue()));
    }

    private static Value Subscribe(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var options = Args.At(args, 0);
        string topic;
        long cursor;
        if (options.Kind == ValueKind.String)
        {
            topic = options.AsString;
            cursor = Cursor(Args.At(args, 1), "event_log.subscribe");
        }
        else if (options.Kind == ValueKind.Dict && StringField(options.AsDict, "topic") is { } name)
        {
            topic = name;
            cursor = Cursor(Field(options.AsDict, "from_cursor"), "event_log.subscribe");
        }
        else
        {
            throw Args.Expected("event_log.subscribe", "{topic, from_cursor?}", options);
        }

        var log = EventLog.Of(context);
        return new OperatorStream(ctx =>
        {
            var wait = new VmWait(() => log.After(topic, cursor) is { } next ? (true, next.ToValue()) : (false, default), [log.Signal(topic)]);
            var item = Block(ctx, wait, "event_log.subscribe");
            cursor = item.AsDict.GetInt("cursor") ?? cursor + 1;
            return (true, item);
        }).ToValue();
    }

    private sealed class EventLogNamespace : IHarnObject, IVmMethodTarget
    {
        public string TypeName => "module";

        public string Display() => "<module event_log>";

        public Value InvokeMethod(BuiltinContext context, string name, ReadOnlySpan<Value> args) => name switch
        {
            "emit" => Emit(context, args, "event_log.emit"),
            "read" => Read(context, args),
            "subscribe" => Subscribe(context, args),
            _ => throw RuntimeErrors.Runtime($"event_log has no method '{name}'"),
        };
    }
}
