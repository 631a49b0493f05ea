using Harn.Runtime;
using static Harn.Stdlib.Orchestration.OrchestrationValues;

namespace Harn.Stdlib.Orchestration;

/// <summary>
/// The trust-graph builtins: <c>trust_record</c>, <c>trust_graph_record</c>, <c>trust_query</c>,
/// <c>trust_graph_query</c>, <c>trust_graph_policy_for</c>, <c>trust_graph_verify_chain</c>.
/// </summary>
internal static class TrustGraphBuiltins
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("trust_record", (context, args) =>
        {
            var approver = Args.At(args, 2);
            if (!approver.IsNil && approver.Kind != ValueKind.String)
            {
                throw Args.Expected("trust_record", "an approver name or nil", approver);
            }

            return Append(context, "trust_record", Args.String(args, 0, "trust_record"), Args.String(args, 1, "trust_record"),
                approver.IsNil ? null : approver.AsString, Args.String(args, 3, "trust_record"), Args.String(args, 4, "trust_record"), null, Value.Nil, Value.Nil).ToValue();
        });
        registry.Register("trust_graph_record", (context, args) =>
        {
            var decision = Args.Dict(args, 0, "trust_graph_record");
            string Required(string key) => StringField(decision, key) ?? throw RuntimeErrors.Thrown($"trust_graph_record: decision.{key} must be a string");
            var tier = StringField(decision, "autonomy_tier") ?? StringField(decision, "tier") ?? "act_auto";
            var cost = Field(decision, "cost_usd");
            if (!cost.IsNil && !cost.IsNumber)
            {
                throw Args.Expected("trust_graph_record", "a number for cost_usd", cost);
            }

            return Value.FromString(Append(context, "trust_graph_record", Required("agent"), Required("action"), StringField(decision, "approver"),
                StringField(decision, "outcome") ?? "success", tier, StringField(decision, "trace_id"), cost, Field(decision, "metadata")).RecordId);
        });
        registry.Register("trust_query", Query);
        registry.Register("trust_graph_query", Score);
        registry.Register("trust_graph_policy_for", (context, args) =>
        {
            var agent = Args.String(args, 0, "trust_graph_policy_for");
            return TrustGraph.Policy(agent, TrustGraph.Of(context).EffectiveTier(agent, Triggers.DeclaredTier(context, agent)));
        });
        registry.Register("trust_graph_verify_chain", (context, _) => TrustGraph.Of(context).Verify());
    }

    private static TrustRecord Append(BuiltinContext context, string function, string agent, string action, string? approver, string outcome, string tier, string? traceId, Value cost, Value metadata)
    {
        if (!TrustGraph.Outcomes.Contains(outcome))
        {
            throw RuntimeErrors.Thrown($"{function}: outcome must be one of {string.Join(", ", TrustGraph.Outcomes)}, got '{outcome}'");
        }

        if (!TrustGraph.Tiers.Contains(tier))
        {
            throw RuntimeErrors.Thrown($"{function}: autonomy tier must be one of {string.Join(", ", TrustGraph.Tiers)}, got '{tier}'");
        }

        return TrustGraph.Of(context).Append(context, agent, action, approver, outcome, tier, traceId, cost, metadata);
    }

    /// <summary>Records matching agent/action/tier/outcome/since/until, oldest first; <c>limit</c> keeps the newest; <c>grouped_by_trace</c> groups them.</summary>
    private static Value Query(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var filtersValue = Args.At(args, 0);
        if (!filtersValue.IsNil && filtersValue.Kind != ValueKind.Dict)
        {
            throw Args.Expected("trust_query", "a filters dict", filtersValue);
        }

        var filters = Options(filtersValue);
        var agent = StringField(filters, "agent");
        var action = StringField(filters, "action");
        var tier = StringField(filters, "tier") ?? StringField(filters, "autonomy_tier");
        var outcome = StringField(filters, "outcome");
        var since = StringField(filters, "since");
        var until = StringField(filters, "until");
        var limit = Field(filters, "limit");
        if (!limit.IsNil && (limit.Kind != ValueKind.Int || limit.AsInt < 0))
        {
            throw Args.Expected("trust_query", "a non-negative int limit", limit);
        }

        var matches = TrustGraph.Of(context).Records.Where(r =>
            (agent is null || r.Agent == agent) && (action is null || r.Action == action) && (tier is null || r.AutonomyTier == tier)
            && (outcome is null || r.Outcome == outcome) && (since is null || string.CompareOrdinal(r.Timestamp, since) >= 0)
            && (until is null || string.CompareOrdinal(r.Timestamp, until) <= 0)).ToList();
        if (!limit.IsNil && matches.Count > limit.AsInt)
        {
            matches = matches.GetRange(matches.Count - (int)limit.AsInt, (int)limit.AsInt);
        }

        if (!Truthiness.IsTruthy(Field(filters, "grouped_by_trace")))
        {
            return List(matches.Select(r => r.ToValue()));
        }

        return List(matches.GroupBy(r => r.TraceId).Select(group => Dict(
            ("trace_id", Value.FromString(group.Key)),
            ("records", List(group.Select(r => r.ToValue()))))));
    }

    private static Value Score(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var agent = Args.String(args, 0, "trust_graph_query");
        var actionValue = Args.At(args, 1);
        if (!actionValue.IsNil && actionValue.Kind != ValueKind.String)
        {
            throw Args.Expected("trust_graph_query", "an action name or nil", actionValue);
        }

        var action = actionValue.IsNil ? null : actionValue.AsString;
        var graph = TrustGraph.Of(context);
        var records = graph.Records.Where(r => r.Agent == agent && (action is null || r.Action == action)).ToList();
        var successes = records.Count(r => r.Outcome == "success");
        var tier = graph.EffectiveTier(agent, Triggers.DeclaredTier(context, agent));
        return Dict(
            ("agent", Value.FromString(agent)),
            ("action", Str(action)),
            ("total", Value.FromInt(records.Count)),
            ("successes", Value.FromInt(successes)),
            ("failures", Value.FromInt(records.Count(r => r.Outcome == "failure"))),
            ("denied", Value.FromInt(records.Count(r => r.Outcome == "denied"))),
            ("success_rate", Value.FromFloat(records.Count == 0 ? 0.0 : (double)successes / records.Count)),
            ("autonomy_tier", Value.FromString(tier)),
            ("last_trace_id", Str(records.Count > 0 ? records[^1].TraceId : null)),
            ("policy", TrustGraph.Policy(agent, tier)));
    }
}
