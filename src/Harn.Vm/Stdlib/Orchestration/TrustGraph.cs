using Harn.Runtime;
using static Harn.Stdlib.Orchestration.OrchestrationValues;

namespace Harn.Stdlib.Orchestration;

/// <summary>One hash-chained entry of the trust graph.</summary>
internal sealed record TrustRecord(
    string RecordId, string Agent, string Action, string? Approver, string Outcome, string AutonomyTier,
    string TraceId, string Timestamp, Value CostUsd, Value Metadata, long ChainIndex, string? PreviousHash, string EntryHash)
{
    public const string Schema = "opentrustgraph/v0";

    public Value ToValue() => Dict(
        ("schema", Value.FromString(Schema)),
        ("record_id", Value.FromString(RecordId)),
        ("agent", Value.FromString(Agent)),
        ("action", Value.FromString(Action)),
        ("approver", Str(Approver)),
        ("outcome", Value.FromString(Outcome)),
        ("autonomy_tier", Value.FromString(AutonomyTier)),
        ("trace_id", Value.FromString(TraceId)),
        ("timestamp", Value.FromString(Timestamp)),
        ("cost_usd", CostUsd),
        ("metadata", Metadata),
        ("chain_index", Value.FromInt(ChainIndex)),
        ("previous_hash", Str(PreviousHash)),
        ("entry_hash", Value.FromString(EntryHash)));

    /// <summary>The text an entry's hash covers: every field but the hash itself, and the previous hash.</summary>
    public static string HashInput(string recordId, string agent, string action, string? approver, string outcome, string tier, string traceId, string timestamp, Value cost, Value metadata, long index, string? previous) =>
        string.Join("\n", Schema, recordId, agent, action, approver ?? "", outcome, tier, traceId, timestamp,
            JsonConversion.Stringify(cost), JsonConversion.Stringify(metadata), index.ToString(System.Globalization.CultureInfo.InvariantCulture), previous ?? "");
}

/// <summary>
/// The run's trust graph: an append-only, hash-chained log of what each agent did and how it went
/// (also appended to the <c>trust_graph</c> event-log topic and one topic per agent). An agent's
/// effective autonomy tier is the tier of its latest <c>trust.promote</c> / <c>trust.demote</c>
/// record, else the tier its trigger declared.
/// </summary>
internal sealed class TrustGraph
{
    public const string Topic = "trust_graph";

    public static readonly string[] Tiers = ["shadow", "suggest", "act_with_approval", "act_auto"];

    public static readonly string[] Outcomes = ["success", "failure", "denied", "timeout"];

    private static readonly RunLocal<TrustGraph> Graphs = new(() => new TrustGraph());

    public List<TrustRecord> Records { get; } = [];

    public static TrustGraph Of(BuiltinContext context) => Graphs.Get(context);

    public TrustRecord Append(BuiltinContext context, string agent, string action, string? approver, string outcome, string tier, string? traceId, Value cost, Value metadata)
    {
        var index = Records.Count + 1;
        var previous = Records.Count > 0 ? Records[^1].EntryHash : null;
        var timestamp = NowIso();
        var trace = traceId ?? DispatchScope.Current(context)?.TraceId ?? "trace-" + Guid.NewGuid().ToString("N")[..16];
        var recordId = "trust-" + Sha256Hex($"{index}\n{agent}\n{action}\n{timestamp}\n{Guid.NewGuid()}")[..24];
        var hash = "sha256:" + Sha256Hex(TrustRecord.HashInput(recordId, agent, action, approver, outcome, tier, trace, timestamp, cost, metadata, index, previous));
        var record = new TrustRecord(recordId, agent, action, approver, outcome, tier, trace, timestamp, cost, metadata, index, previous, hash);
        Records.Add(record);
        var log = EventLog.Of(context);
        var headers = Options(Dict(("agent", Value.FromString(agent)), ("trace_id", Value.FromString(trace))));
        log.Append(Topic, "trust.recorded", record.ToValue(), headers);
        log.Append(Topic + "." + agent, "trust.recorded", record.ToValue(), headers);
        return record;
    }

    /// <summary>The agent's tier from its latest promotion or demotion, else <paramref name="declared"/>.</summary>
    public string EffectiveTier(string agent, string declared)
    {
        for (var i = Records.Count - 1; i >= 0; i--)
        {
            var record = Records[i];
            if (record.Agent == agent && record.Action is "trust.promote" or "trust.demote" && record.Outcome == "success")
            {
                return record.AutonomyTier;
            }
        }

        return declared;
    }

    /// <summary>Recomputes every hash and link; the report lists each entry that does not verify.</summary>
    public Value Verify()
    {
        var errors = new List<Value>();
        string? previous = null;
        for (var i = 0; i < Records.Count; i++)
        {
            var r = Records[i];
            if (r.ChainIndex != i + 1)
            {
                errors.Add(Value.FromString($"record {r.RecordId}: chain index {r.ChainIndex}, expected {i + 1}"));
            }

            if (r.PreviousHash != previous)
            {
                errors.Add(Value.FromString($"record {r.RecordId}: previous hash does not match the chain"));
            }

            var expected = "sha256:" + Sha256Hex(TrustRecord.HashInput(r.RecordId, r.Agent, r.Action, r.Approver, r.Outcome, r.AutonomyTier, r.TraceId, r.Timestamp, r.CostUsd, r.Metadata, r.ChainIndex, r.PreviousHash));
            if (expected != r.EntryHash)
            {
                errors.Add(Value.FromString($"record {r.RecordId}: entry hash does not match its contents"));
            }

            previous = r.EntryHash;
        }

        return Dict(
            ("verified", Value.FromBool(errors.Count == 0)),
            ("root_hash", Str(previous)),
            ("record_count", Value.FromInt(Records.Count)),
            ("errors", List(errors)));
    }

    /// <summary>The capability ceiling a tier grants.</summary>
    public static Value Policy(string agent, string tier) => Dict(
        ("agent", Value.FromString(agent)),
        ("autonomy_tier", Value.FromString(tier)),
        ("side_effect_level", Value.FromString(tier switch
        {
            "shadow" => "none",
            "suggest" => "read_only",
            "act_with_approval" => "workspace_write",
            _ => "network",
        })),
        ("requires_approval", Value.FromBool(tier is "act_with_approval")),
        ("can_act", Value.FromBool(tier is "act_with_approval" or "act_auto")));
}
