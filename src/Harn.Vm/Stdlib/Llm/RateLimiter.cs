using Harn.Runtime;

namespace Harn.Stdlib.Llm;

/// <summary>
/// Per-provider requests-per-minute limits (<c>llm_rate_limit</c>, <c>HARN_RATE_LIMIT_&lt;PROVIDER&gt;</c>):
/// a sliding one-minute window; a request that would exceed it waits for the oldest send to age out.
/// </summary>
internal static class RateLimiter
{
    private const long WindowMs = 60_000;

    public static long? Limit(LlmRunState state, string provider)
    {
        if (state.RateLimits.TryGetValue(provider, out var rpm))
        {
            return rpm;
        }

        var fromEnv = Environment.GetEnvironmentVariable("HARN_RATE_LIMIT_" + provider.ToUpperInvariant());
        return long.TryParse(fromEnv, out var parsed) && parsed > 0 ? parsed : null;
    }

    public static void Wait(BuiltinContext context, LlmRunState state, string provider)
    {
        if (Limit(state, provider) is not { } rpm)
        {
            return;
        }

        if (!state.RecentSends.TryGetValue(provider, out var sends))
        {
            state.RecentSends[provider] = sends = new Queue<long>();
        }

        var now = Environment.TickCount64;
        while (sends.Count > 0 && now - sends.Peek() >= WindowMs)
        {
            sends.Dequeue();
        }

        if (sends.Count >= rpm)
        {
            LlmWait.Delay(context, WindowMs - (now - sends.Peek()));
            sends.Dequeue();
        }

        sends.Enqueue(Environment.TickCount64);
    }
}
