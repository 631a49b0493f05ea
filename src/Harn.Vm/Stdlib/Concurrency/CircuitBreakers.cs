using Harn.Runtime;

namespace Harn.Stdlib.Concurrency;

/// <summary>
/// Named circuit breakers: <c>circuit_breaker(name, threshold, reset_ms)</c>, <c>circuit_check</c>
/// (<c>closed</c>, <c>open</c>, or <c>half_open</c> once the reset time has passed),
/// <c>circuit_record_failure</c> (true when it opens the circuit), <c>circuit_record_success</c>, <c>circuit_reset</c>.
/// </summary>
internal static class CircuitBreakers
{
    private const long DefaultThreshold = 5;
    private const long DefaultResetMs = 60_000;

    private static readonly RunLocal<Dictionary<string, Breaker>> Registries = new(() => new(StringComparer.Ordinal));

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("circuit_breaker", (context, args) =>
        {
            var name = Args.String(args, 0, "circuit_breaker");
            var threshold = Args.At(args, 1).Kind == ValueKind.Int ? Args.At(args, 1).AsInt : DefaultThreshold;
            var reset = ConcurrencyHelpers.Milliseconds(Args.At(args, 2), DefaultResetMs);
            Registries.Get(context)[name] = new Breaker(Math.Max(1, threshold), reset);
            return Value.FromString(name);
        });
        registry.Register("circuit_check", (context, args) => Value.FromString(Find(context, args, "circuit_check").State));
        registry.Register("circuit_record_failure", (context, args) =>
        {
            var breaker = Find(context, args, "circuit_record_failure");
            breaker.Failures++;
            if (breaker.Failures >= breaker.Threshold && breaker.OpenedAtMs is null)
            {
                breaker.OpenedAtMs = VmScheduler.Now;
                return Value.True;
            }

            return Value.False;
        });
        registry.Register("circuit_record_success", (context, args) =>
        {
            Find(context, args, "circuit_record_success").Reset();
            return Value.Nil;
        });
        registry.Register("circuit_reset", (context, args) =>
        {
            Find(context, args, "circuit_reset").Reset();
            return Value.Nil;
        });
    }

    private static Breaker Find(BuiltinContext context, ReadOnlySpan<Value> args, string function)
    {
        var name = Args.String(args, 0, function);
        var registry = Registries.Get(context);
        if (!registry.TryGetValue(name, out var breaker))
        {
            breaker = new Breaker(DefaultThreshold, DefaultResetMs);
            registry[name] = breaker;
        }

        return breaker;
    }

    private sealed class Breaker(long threshold, long resetMs)
    {
        public long Threshold { get; } = threshold;

        public long Failures { get; set; }

        public long? OpenedAtMs { get; set; }

        public string State => OpenedAtMs is not { } opened ? "closed" : VmScheduler.Now - opened >= resetMs ? "half_open" : "open";

        public void Reset()
        {
            Failures = 0;
            OpenedAtMs = null;
        }
    }
}
