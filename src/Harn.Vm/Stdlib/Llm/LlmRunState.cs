using Harn.Runtime;

namespace Harn.Stdlib.Llm;

/// <summary>
/// Everything LLM-related that belongs to one run: the mock provider, session usage and cost,
/// the session budget, per-provider rate limits and the agent trace events.
/// </summary>
internal sealed class LlmRunState(IReadOnlyList<MockEntry> fixtures)
{
    public MockProvider Mock { get; } = new(fixtures);

    public long InputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    public long CallCount { get; private set; }

    public long TotalDurationMs { get; private set; }

    public double TotalCost { get; private set; }

    /// <summary>Session budget in USD set by <c>llm_budget</c>, or null.</summary>
    public double? Budget { get; set; }

    /// <summary>Requests per minute by provider (<c>llm_rate_limit</c>).</summary>
    public Dictionary<string, long> RateLimits { get; } = new(StringComparer.Ordinal);

    /// <summary>Send times per provider inside the current minute window, for the RPM limiter.</summary>
    public Dictionary<string, Queue<long>> RecentSends { get; } = new(StringComparer.Ordinal);

    /// <summary>Capability rules installed by the script, by provider, consulted before the shipped matrix.</summary>
    public Dictionary<string, IReadOnlyList<CapabilityRule>> CapabilityOverrides { get; } = new(StringComparer.Ordinal);

    /// <summary>Structured trace events (<c>agent_trace</c>).</summary>
    public List<Value> TraceEvents { get; } = [];

    public void Account(LlmResponse response, long durationMs)
    {
        InputTokens += response.InputTokens;
        OutputTokens += response.OutputTokens;
        CallCount++;
        TotalDurationMs += durationMs;
        TotalCost += ProviderCatalog.Cost(response.Model, response.InputTokens, response.OutputTokens, response.CacheReadTokens, response.CacheWriteTokens);
    }

    public void Trace(string kind, HarnDict fields) =>
        TraceEvents.Add(Value.FromDict(fields.With("type", Value.FromString(kind))));
}
