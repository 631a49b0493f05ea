using Harn.Runtime;
using static Harn.Stdlib.Concurrency.ConcurrencyHelpers;

namespace Harn.Stdlib.Concurrency;

/// <summary>
/// <c>on_interrupt</c> / <c>off_interrupt</c> and the internal <c>__signal_*</c> names behind
/// them: handlers a script registers for host signals (SIGINT, SIGTERM, SIGHUP) and for host
/// cancellation. <c>__signal_interrupted()</c> is the signal delivered most recently (or nil);
/// <c>__signal_raise(signal)</c> delivers a signal from the script itself, as the host would.
/// </summary>
internal static class Interrupts
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("on_interrupt", (context, args) => OnInterrupt(context, args, "on_interrupt"));
        registry.Register("__signal_on_interrupt", (context, args) => OnInterrupt(context, args, "on_interrupt"));
        registry.Register("off_interrupt", (context, args) => OffInterrupt(context, args, "off_interrupt"));
        registry.Register("__signal_off_interrupt", (context, args) => OffInterrupt(context, args, "off_interrupt"));
        registry.Register("__signal_interrupted", (context, _) => Str(InterruptsOf(context, "__signal_interrupted").LastSignal));
        registry.Register("__signal_raise", SignalRaise);
    }

    private static VmInterrupts InterruptsOf(BuiltinContext context, string function) => SchedulerOf(context, function).Interrupts;

    private static Value OnInterrupt(BuiltinContext context, ReadOnlySpan<Value> args, string function)
    {
        var handler = Args.At(args, 0);
        if (handler.Kind != ValueKind.Closure)
        {
            throw Args.Expected(function, "a closure", handler);
        }

        var options = Args.At(args, 1);
        if (options.Kind is not (ValueKind.Dict or ValueKind.Nil))
        {
            throw Args.Expected(function, "an options dict", options);
        }

        var signals = Signals(Option(options, "signals"), function);
        var onceOption = Option(options, "once");
        if (onceOption.Kind is not (ValueKind.Bool or ValueKind.Nil))
        {
            throw RuntimeErrors.Type($"{function}: once must be a bool, got {TypeNames.Of(onceOption)}");
        }

        var timeoutOption = Option(options, "graceful_timeout_ms");
        if (timeoutOption.Kind is not (ValueKind.Int or ValueKind.Duration or ValueKind.Nil))
        {
            throw RuntimeErrors.Type($"{function}: graceful_timeout_ms must be an int or a duration, got {TypeNames.Of(timeoutOption)}");
        }

        var once = onceOption.Kind != ValueKind.Bool || onceOption.AsBool;
        var timeout = Math.Max(0, Milliseconds(timeoutOption, VmInterrupts.DefaultGracefulTimeoutMs));
        var registration = InterruptsOf(context, function).Register(handler, signals, once, timeout);
        return Dict(
            ("handle", Value.FromInt(registration.Handle)),
            ("signals", signals is null ? Value.Nil : List(signals.Select(Value.FromString))),
            ("once", Value.FromBool(once)));
    }

    /// <summary>The <c>signals</c> option: a signal name or a non-empty list of them; null (any cancellation) when absent.</summary>
    private static List<string>? Signals(Value option, string function)
    {
        switch (option.Kind)
        {
            case ValueKind.Nil:
                return null;
            case ValueKind.String:
                return [KnownSignal(option, function)];
            case ValueKind.List when option.AsList.Count > 0:
                var names = new List<string>();
                foreach (var item in option.AsList)
                {
                    var name = KnownSignal(item, function);
                    if (!names.Contains(name))
                    {
                        names.Add(name);
                    }
                }

                return names;
            default:
                throw RuntimeErrors.Type($"{function}: signals must be a signal name or a non-empty list of SIGINT, SIGTERM, SIGHUP");
        }
    }

    private static string KnownSignal(Value value, string function)
    {
        if (value.Kind == ValueKind.String && InterruptSignals.IsKnown(value.AsString))
        {
            return value.AsString;
        }

        throw RuntimeErrors.Runtime($"{function}: unknown signal {ValueFormatter.Display(value)}; expected SIGINT, SIGTERM or SIGHUP");
    }

    private static Value OffInterrupt(BuiltinContext context, ReadOnlySpan<Value> args, string function)
    {
        var handle = Args.At(args, 0);
        if (handle.Kind == ValueKind.Dict && handle.AsDict.TryGetValue("handle", out var inner))
        {
            handle = inner;
        }

        if (handle.Kind != ValueKind.Int)
        {
            throw Args.Expected(function, "an interrupt handle", handle);
        }

        return Value.FromBool(InterruptsOf(context, function).Unregister(handle.AsInt));
    }

    private static Value SignalRaise(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var signal = KnownSignal(Args.At(args, 0), "__signal_raise");
        InterruptsOf(context, "__signal_raise").Raise(signal);
        return Value.Nil;
    }
}
