using Harn.Runtime;
using Harn.Stdlib.Agents;
using Harn.Stdlib.Concurrency;
using Harn.Stdlib.Host;
using static Harn.Stdlib.Orchestration.OrchestrationValues;

namespace Harn.Stdlib.Orchestration;

/// <summary>
/// Runs one event through a trigger: dedupe and event-kind filters, the <c>when</c> predicate
/// (cached per event for replays, bounded by <c>when_budget</c>, behind a breaker that opens
/// after repeated failures), the autonomy tier from the trust graph, the daily cost guard
/// (<c>budget.daily_cost_usd</c> against the LLM spend of earlier dispatches), then the handler
/// with retries; a dispatch that still fails is dead-lettered. Every step is a lifecycle record and
/// every handled dispatch a trust record. Returns the <c>DispatchHandle</c>.
/// </summary>
internal sealed class TriggerDispatcher(BuiltinLookup builtins)
{
    public Value Dispatch(BuiltinContext context, TriggerBinding binding, Value triggerEvent, string? replayOf)
    {
        var state = TriggerState.Of(context);
        var fields = triggerEvent.AsDict;
        var eventId = fields.GetString("id")!;
        var kind = fields.GetString("kind") ?? binding.Kind;
        var traceId = fields.GetString("trace_id")!;
        var log = EventLog.Of(context);
        var headers = Options(Dict(("trigger_id", Value.FromString(binding.Id)), ("event_id", Value.FromString(eventId)), ("trace_id", Value.FromString(traceId))));
        void Lifecycle(string name, params (string Key, Value Value)[] payload) =>
            log.Append(Triggers.LifecycleTopic, name, Dict([("trigger_id", Value.FromString(binding.Id)), ("event_id", Value.FromString(eventId)), .. payload]), headers);

        Value Handle(string status, Value result, string? error, int attempts = 0) => Dict(
            ("event_id", Value.FromString(eventId)),
            ("binding_id", Value.FromString(binding.Id)),
            ("trigger_id", Value.FromString(binding.Id)),
            ("status", Value.FromString(status)),
            ("result", result),
            ("error", Str(error)),
            ("replay_of_event_id", Str(replayOf)),
            ("trace_id", Value.FromString(traceId)),
            ("attempts", Value.FromInt(attempts)));

        Value Skipped(string? reason)
        {
            binding.Metrics["skipped"]++;
            return Handle("dispatched", Dict(("skipped", Value.True), ("reason", Str(reason))), null);
        }

        if (binding.Events.Count > 0 && !binding.Events.Contains(kind))
        {
            Lifecycle("DispatchSkipped", ("reason", Value.FromString("event_kind")));
            return Skipped("event_kind");
        }

        if (replayOf is null && DedupeValue(binding, triggerEvent) is { } key && !binding.SeenKeys.Add(key))
        {
            binding.Metrics["deduped"]++;
            Lifecycle("DispatchDeduped", ("dedupe_key", Value.FromString(key)));
            return Handle("deduped", Dict(("skipped", Value.True), ("reason", Value.FromString("duplicate"))), null);
        }

        if (!binding.When.IsNil)
        {
            var (passed, reason) = EvaluatePredicate(context, binding, triggerEvent, eventId, replayOf, state, Lifecycle);
            if (!passed)
            {
                return Skipped(reason);
            }
        }

        var agent = binding.Id;
        var action = binding.Provider + "." + kind;
        var tier = TrustGraph.Of(context).EffectiveTier(agent, binding.AutonomyTier);
        var graph = TrustGraph.Of(context);
        if (tier == "shadow")
        {
            var denial = $"autonomy tier 'shadow' does not allow '{agent}' to act on {action}";
            Lifecycle("DispatchDenied", ("autonomy_tier", Value.FromString(tier)), ("error", Value.FromString(denial)));
            graph.Append(context, agent, action, null, "denied", tier, traceId, Value.Nil, Dict(("event_id", Value.FromString(eventId))));
            binding.Metrics["failed"]++;
            return Handle("failed", Value.Nil, denial);
        }

        if (binding.DailyCostUsd is { } dailyLimit && binding.SpentToday() >= dailyLimit)
        {
            var guard = $"trigger '{binding.Id}' has spent its daily cost budget of ${dailyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            Lifecycle("DispatchCostGuardBlocked", ("limit_usd", Value.FromFloat(dailyLimit)), ("spent_usd", Value.FromFloat(binding.SpentToday())));
            binding.Metrics["cost_guard_blocked"]++;
            return Handle("cost_guard_blocked", Dict(("skipped", Value.True), ("reason", Value.FromString("cost_guard"))), guard);
        }

        Queue<Value>? recorded = replayOf is not null && state.HitlOutcomes.TryGetValue(replayOf, out var outcomes) ? new Queue<Value>(outcomes) : null;
        string error = "";
        var errorClass = "handler_error";
        for (var attempt = 1; attempt <= binding.MaxAttempts; attempt++)
        {
            Lifecycle("DispatchStarted", ("attempt", Value.FromInt(attempt)), ("replay_of_event_id", Str(replayOf)));
            ActionGraph(context, traceId, "dispatch", binding.Id, action);
            var scope = new DispatchScope(agent, action, traceId, tier, triggerEvent, replayOf, recorded is null ? null : new Queue<Value>(recorded));
            var before = Usage(context);
            try
            {
                Value result;
                try
                {
                    result = scope.Run(context, () => context.Invoke(binding.Handler, [triggerEvent]));
                }
                finally
                {
                    binding.Spend(Math.Max(0, Usage(context).Cost - before.Cost));
                }

                if (replayOf is null)
                {
                    state.HitlOutcomes[eventId] = scope.HitlOutcomes;
                }

                Lifecycle("DispatchSucceeded", ("attempt", Value.FromInt(attempt)));
                graph.Append(context, agent, action, null, "success", tier, traceId, Value.Nil, Dict(("event_id", Value.FromString(eventId))));
                binding.Metrics["dispatched"]++;
                state.Dlq.RemoveAll(e => e.EventId == eventId && e.BindingId == binding.Id);
                return Handle("dispatched", result, null, attempt);
            }
            catch (HarnRuntimeException failure)
            {
                error = ErrorText(failure);
                errorClass = failure.Category ?? "handler_error";
                Lifecycle("DispatchFailed", ("attempt", Value.FromInt(attempt)), ("error", Value.FromString(error)));
                if (attempt < binding.MaxAttempts)
                {
                    Sleep(context, BackoffMs(binding.Backoff, attempt));
                }
            }
        }

        var entry = state.Dlq.Find(e => e.EventId == eventId && e.BindingId == binding.Id);
        if (entry is null)
        {
            entry = new DlqEntry($"dlq-{eventId}", binding.Id, eventId, triggerEvent, NowIso());
            state.Dlq.Add(entry);
        }

        entry.Error = error;
        entry.ErrorClass = errorClass;
        entry.Attempts += binding.MaxAttempts;
        entry.RetryHistory.Add(Dict(
            ("status", Value.FromString(replayOf is null ? "dlq" : "replay_dlq")),
            ("attempts", Value.FromInt(binding.MaxAttempts)),
            ("error", Value.FromString(error)),
            ("at", Value.FromString(NowIso()))));
        Lifecycle("DlqMoved", ("error", Value.FromString(error)));
        graph.Append(context, agent, action, null, "failure", tier, traceId, Value.Nil, Dict(("event_id", Value.FromString(eventId))));
        binding.Metrics["dlq"]++;
        return Handle("dlq", Value.Nil, error, binding.MaxAttempts);
    }

    /// <summary>
    /// Runs <c>when</c>, or reuses its cached answer on a replay. Answers whether to dispatch and,
    /// when not, why (nil for a plain false).
    /// </summary>
    private (bool Passed, string? Reason) EvaluatePredicate(BuiltinContext context, TriggerBinding binding, Value triggerEvent, string eventId, string? replayOf, TriggerState state, Action<string, (string, Value)[]> lifecycle)
    {
        void Evaluated(bool result, string? reason, bool cached, long tokens = 0, double cost = 0) => lifecycle("predicate.evaluated",
        [
            ("result", Value.FromBool(result)), ("reason", Str(reason)), ("cached", Value.FromBool(cached)),
            ("replay_of_event_id", Str(replayOf)), ("tokens", Value.FromInt(tokens)), ("cost_usd", Value.FromFloat(cost)),
        ]);

        var cacheKey = replayOf ?? eventId;
        if (state.PredicateCache.TryGetValue(cacheKey, out var cachedResult))
        {
            Evaluated(cachedResult, null, cached: true);
            return (cachedResult, null);
        }

        if (binding.PredicateFailures >= TriggerBinding.BreakerThreshold)
        {
            Evaluated(false, "circuit_open", cached: false);
            return (false, "circuit_open");
        }

        var before = Usage(context);
        bool passed;
        string? failure = null;
        try
        {
            // The predicate sees the same handler_context() as the handler it guards.
            var fields = triggerEvent.AsDict;
            var scope = new DispatchScope(binding.Id, binding.Provider + "." + (fields.GetString("kind") ?? binding.Kind), fields.GetString("trace_id")!,
                TrustGraph.Of(context).EffectiveTier(binding.Id, binding.AutonomyTier), triggerEvent, replayOf, null);
            passed = Truthiness.IsTruthy(scope.Run(context, () => context.Invoke(binding.When, [triggerEvent])));
            binding.PredicateFailures = 0;
        }
        catch (HarnRuntimeException error)
        {
            binding.PredicateFailures++;
            passed = false;
            failure = ErrorText(error);
        }

        var after = Usage(context);
        var tokens = after.Tokens - before.Tokens;
        var cost = after.Cost - before.Cost;
        var budget = binding.WhenBudget;
        var tokensMax = budget.GetInt("tokens_max");
        var costMax = Field(budget, "max_cost_usd") is { IsNumber: true } limit ? limit.AsNumber : (double?)null;
        if ((tokensMax is { } maxTokens && tokens > maxTokens) || (costMax is { } maxCost && cost > maxCost))
        {
            lifecycle("predicate.budget_exceeded",
            [
                ("tokens", Value.FromInt(tokens)), ("cost_usd", Value.FromFloat(cost)),
                ("tokens_max", tokensMax is { } t ? Value.FromInt(t) : Value.Nil), ("max_cost_usd", costMax is { } c ? Value.FromFloat(c) : Value.Nil),
            ]);
            Evaluated(false, "budget_exceeded", cached: false, tokens, cost);
            return (false, "budget_exceeded");
        }

        if (failure is not null)
        {
            Evaluated(false, "predicate_error", cached: false, tokens, cost);
            return (false, "predicate_error");
        }

        state.PredicateCache[eventId] = passed;
        Evaluated(passed, null, cached: false, tokens, cost);
        return (passed, null);
    }

    private (long Tokens, double Cost) Usage(BuiltinContext context)
    {
        var usage = builtins.Call(context, "llm_session_cost");
        if (usage.Kind != ValueKind.Dict)
        {
            return (0, 0);
        }

        var fields = usage.AsDict;
        return ((fields.GetInt("input_tokens") ?? 0) + (fields.GetInt("output_tokens") ?? 0), Field(fields, "total_cost") is { IsNumber: true } c ? c.AsNumber : 0);
    }

    /// <summary>The event's dedupe key: <c>dedupe_key</c> is a path into the event (<c>event.</c> prefix optional).</summary>
    private static string? DedupeValue(TriggerBinding binding, Value triggerEvent)
    {
        if (binding.DedupeKey is not { Length: > 0 } path)
        {
            return null;
        }

        var current = triggerEvent;
        foreach (var part in (path.StartsWith("event.", StringComparison.Ordinal) ? path[6..] : path).Split('.'))
        {
            if (current.Kind != ValueKind.Dict || !current.AsDict.TryGetValue(part, out current))
            {
                return null;
            }
        }

        return current.IsNil ? null : ValueFormatter.Display(current);
    }

    private static long BackoffMs(Value backoff, int attempt) => backoff.Kind switch
    {
        ValueKind.Int or ValueKind.Duration => Math.Max(0, ConcurrencyHelpers.Milliseconds(backoff, 0)),
        ValueKind.String when backoff.AsString == "exponential" => 100L << Math.Min(attempt - 1, 10),
        ValueKind.String when backoff.AsString == "linear" => 100L * attempt,
        _ => 0,
    };

    private static void Sleep(BuiltinContext context, long milliseconds)
    {
        if (milliseconds > 0)
        {
            Block(context, new VmWait(() => (false, default), [], ConcurrencyHelpers.DueIn(milliseconds), () => Value.Nil), "trigger_fire");
        }
    }

    private static void ActionGraph(BuiltinContext context, string traceId, string node, string bindingId, string action) =>
        EventLog.Of(context).Append(Triggers.ActionGraphTopic, "action_graph.node", Dict(
            ("trace_id", Value.FromString(traceId)),
            ("node", Value.FromString(node)),
            ("trigger_id", Value.FromString(bindingId)),
            ("action", Value.FromString(action))), Options(Dict(("trace_id", Value.FromString(traceId)))));
}
