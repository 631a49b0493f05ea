using Harn.Runtime;
using static Harn.Stdlib.Orchestration.OrchestrationValues;

namespace Harn.Stdlib.Orchestration;

/// <summary>A trigger registered with <c>trigger_register</c>: its config, counters, DLQ and predicate state.</summary>
internal sealed class TriggerBinding
{
    private TriggerBinding(string id, string kind, string provider, Value handler, HarnDict config)
    {
        Id = id;
        Kind = kind;
        Provider = provider;
        Handler = handler;
        Config = config;
    }

    public string Id { get; }

    public string Kind { get; }

    public string Provider { get; }

    public Value Handler { get; }

    public HarnDict Config { get; }

    public Value When => Field(Config, "when");

    public HarnDict WhenBudget => Options(Field(Config, "when_budget"));

    public string AutonomyTier => StringField(Config, "autonomy_tier") ?? "act_auto";

    /// <summary>The event kinds this trigger accepts (<c>events</c> or <c>match.events</c>); empty accepts all.</summary>
    public IReadOnlyList<string> Events { get; private init; } = [];

    public int MaxAttempts { get; private init; } = 1;

    public Value Backoff { get; private init; } = Value.Nil;

    public string? DedupeKey => StringField(Config, "dedupe_key");

    /// <summary><c>budget.daily_cost_usd</c>: the LLM spend (USD) the handler may use per UTC day.</summary>
    public double? DailyCostUsd => Field(Options(Field(Config, "budget")), "daily_cost_usd") is { IsNumber: true } limit ? limit.AsNumber : null;

    private double _spentUsd;
    private DateOnly _spentDay;

    /// <summary>What the handler spent today (UTC).</summary>
    public double SpentToday() => _spentDay == DateOnly.FromDateTime(DateTime.UtcNow) ? _spentUsd : 0;

    public void Spend(double usd)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        _spentUsd = (_spentDay == today ? _spentUsd : 0) + usd;
        _spentDay = today;
    }

    public Dictionary<string, long> Metrics { get; } = new(StringComparer.Ordinal)
    {
        ["received"] = 0, ["dispatched"] = 0, ["failed"] = 0, ["dlq"] = 0, ["skipped"] = 0, ["deduped"] = 0, ["cost_guard_blocked"] = 0,
    };

    public HashSet<string> SeenKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Consecutive failed <c>when</c> evaluations; at <see cref="BreakerThreshold"/> the predicate breaker opens.</summary>
    public int PredicateFailures { get; set; }

    public const int BreakerThreshold = 3;

    public static TriggerBinding Parse(HarnDict config)
    {
        string Required(string key) => StringField(config, key) is { Length: > 0 } text ? text : throw RuntimeErrors.Thrown($"trigger_register: config.{key} must be a non-empty string");
        var id = Required("id");
        var kind = Required("kind");
        var provider = Required("provider");
        var handler = Field(config, "handler");
        if (!Args.IsCallable(handler))
        {
            throw RuntimeErrors.Thrown($"trigger_register: config.handler must be a function, got {TypeNames.Of(handler)}");
        }

        var when = Field(config, "when");
        if (!when.IsNil && !Args.IsCallable(when))
        {
            throw RuntimeErrors.Thrown($"trigger_register: config.when must be a function or nil, got {TypeNames.Of(when)}");
        }

        var tier = Field(config, "autonomy_tier");
        if (!tier.IsNil && (tier.Kind != ValueKind.String || !TrustGraph.Tiers.Contains(tier.AsString)))
        {
            throw RuntimeErrors.Thrown($"trigger_register: config.autonomy_tier must be one of {string.Join(", ", TrustGraph.Tiers)}");
        }

        var events = Field(config, "events");
        if (events.IsNil)
        {
            events = Field(Options(Field(config, "match")), "events");
        }

        if (!events.IsNil && events.Kind != ValueKind.List)
        {
            throw RuntimeErrors.Thrown("trigger_register: config.events must be a list of event kinds");
        }

        var retry = Options(Field(config, "retry"));
        var max = Field(retry, "max");
        if (!max.IsNil && (max.Kind != ValueKind.Int || max.AsInt < 1))
        {
            throw RuntimeErrors.Thrown("trigger_register: config.retry.max must be an int of at least 1");
        }

        return new TriggerBinding(id, kind, provider, handler, config)
        {
            Events = events.IsNil ? [] : events.AsList.Select(ValueFormatter.Display).ToArray(),
            MaxAttempts = max.IsNil ? 1 : (int)Math.Min(max.AsInt, 100),
            Backoff = Field(retry, "backoff"),
        };
    }

    public Value MetricsValue() => Value.FromDict(HarnDict.FromEntries(Metrics.Select(m => new KeyValuePair<string, Value>(m.Key, Value.FromInt(m.Value)))));

    /// <summary>What <c>trigger_register</c> returns.</summary>
    public Value Handle() => Dict(
        ("id", Value.FromString(Id)),
        ("kind", Value.FromString(Kind)),
        ("provider", Value.FromString(Provider)),
        ("state", Value.FromString("active")),
        ("handler_kind", Value.FromString("local")),
        ("autonomy_tier", Value.FromString(AutonomyTier)));

    /// <summary>One entry of <c>trigger_list()</c>.</summary>
    public Value Listing() => Dict(
        ("id", Value.FromString(Id)),
        ("kind", Value.FromString(Kind)),
        ("provider", Value.FromString(Provider)),
        ("state", Value.FromString("active")),
        ("handler_kind", Value.FromString("local")),
        ("autonomy_tier", Value.FromString(AutonomyTier)),
        ("events", Strings(Events)),
        ("dedupe_key", Str(DedupeKey)),
        ("filter", Field(Config, "filter")),
        ("budget", Field(Config, "budget")),
        ("manifest_path", Field(Config, "manifest_path")),
        ("package_name", Field(Config, "package_name")),
        ("metrics", MetricsValue()));
}
