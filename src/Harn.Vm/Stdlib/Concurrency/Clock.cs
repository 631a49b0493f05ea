using System.Globalization;
using Harn.Hosting;
using Harn.Runtime;
using static Harn.Stdlib.Concurrency.ConcurrencyHelpers;

namespace Harn.Stdlib.Concurrency;

/// <summary>
/// Time: <c>sleep</c>, wall and monotonic clocks, a mockable clock for tests (<c>mock_time</c>:
/// sleeps then advance the mocked time instantly), and simple timers.
/// </summary>
internal static class Clock
{
    private static readonly RunLocal<ClockState> States = new(() => new ClockState());

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("sleep", (context, args) => Sleep(context, Milliseconds(Args.At(args, 0), 0)));
        registry.Register("sleep_ms", (context, args) => Sleep(context, Milliseconds(Args.At(args, 0), 0)));
        registry.Register("now_ms", (context, _) => Value.FromInt(NowMs(context)));
        registry.Register("monotonic_ms", (context, _) => Value.FromInt(MonotonicMs(context)));
        registry.Register("mock_time", MockTime);
        registry.Register("unmock_time", (context, _) =>
        {
            States.Get(context).MockedNowMs = null;
            return Value.Nil;
        });
        registry.Register("advance_time", (context, args) =>
        {
            var state = States.Get(context);
            if (state.MockedNowMs is { } now)
            {
                state.MockedNowMs = now + Milliseconds(Args.At(args, 0), 0);
            }

            return Value.Nil;
        });
        registry.Register("elapsed", (context, _) =>
        {
            var state = States.Get(context);
            state.ElapsedOriginMs ??= MonotonicMs(context);
            return Value.FromInt(MonotonicMs(context) - state.ElapsedOriginMs.Value);
        });
        registry.Register("timer_start", (context, args) =>
            Dict(("name", Value.FromString(Args.OptionalString(args, 0, "timer_start", "default"))), ("start_ms", Value.FromInt(NowMs(context)))));
        registry.Register("timer_end", TimerEnd);
    }

    /// <summary>Wall-clock milliseconds since the Unix epoch (the mocked time while mocked).</summary>
    public static long NowMs(BuiltinContext context) =>
        States.Get(context).MockedNowMs ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Monotonic milliseconds (since the mock started, while mocked).</summary>
    public static long MonotonicMs(BuiltinContext context)
    {
        var state = States.Get(context);
        return state.MockedNowMs is { } now ? now - state.MockOriginMs : VmScheduler.Now;
    }

    /// <summary>Parks the current task for <paramref name="milliseconds"/>; a cancelled task wakes at once with the cancellation error.</summary>
    public static Value Sleep(BuiltinContext context, long milliseconds)
    {
        var state = States.Get(context);
        if (state.MockedNowMs is { } now)
        {
            state.MockedNowMs = now + Math.Max(0, milliseconds);
            return Value.Nil;
        }

        var due = VmScheduler.Now + Math.Max(0, milliseconds);
        return new VmWait(() => (VmScheduler.Now >= due, Value.Nil), [], due, endsOnCancel: true).ToValue();
    }

    private static Value MockTime(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var state = States.Get(context);
        var start = Milliseconds(Args.At(args, 0), 0);
        state.MockedNowMs = start;
        state.MockOriginMs = start;
        return Value.Nil;
    }

    private static Value TimerEnd(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var timer = Args.At(args, 0);
        var name = ValueFormatter.Display(Option(timer, "name"));
        var start = Option(timer, "start_ms");
        var elapsed = start.Kind == ValueKind.Int ? Math.Max(0, NowMs(context) - start.AsInt) : 0;
        context.Write(OutputChannel.Stdout, string.Create(CultureInfo.InvariantCulture, $"[timer] {name}: {elapsed}ms\n"));
        return Value.FromInt(elapsed);
    }

    private sealed class ClockState
    {
        public long? MockedNowMs { get; set; }

        public long MockOriginMs { get; set; }

        public long? ElapsedOriginMs { get; set; }
    }
}
