using Harn.Runtime;
using static Harn.Hooks.HookPayload;

namespace Harn.Hooks;

/// <summary>
/// Calls of <c>@step</c> functions: <c>PreStep</c> hooks may deny the call or replace its
/// arguments; <c>PostStep</c> hooks may replace its output; a budget error escaping the step is
/// handled by the step's error boundary.
/// </summary>
internal static class StepRuntime
{
    /// <summary>
    /// <c>__register_step(fn, meta)</c>: the callable that stands for the step function from now
    /// on (the compiler binds the function's name to it).
    /// </summary>
    public static Value Register(Value function, Value metadata)
    {
        var step = StepDefinition.FromMetadata(function, metadata);
        return Value.FromObject(ValueKind.Builtin, new Builtin(step.Function, (context, args) => Call(context, step, args), function.As<Closure>()));
    }

    public static Value Call(BuiltinContext context, StepDefinition step, ReadOnlySpan<Value> arguments)
    {
        var session = HookSession.Of(context);
        var stepInfo = StepInfo(step, HarnList.Create(arguments));
        var args = arguments.ToArray();
        if (session.HasHooks(HookEvent.PreStep))
        {
            var payload = Of(HookEvent.PreStep, Field("target", Value.FromString(step.Name)), Field("persona", Value.Nil), Field("step", stepInfo));
            switch (session.Fire(context, HookEvent.PreStep, payload, ReadPreStep))
            {
                case HookControl.Block block:
                    throw Denied(step, block.Reason);
                case HookControl.Decision { Verdict: HookDecision.Deny } deny:
                    throw Denied(step, deny.Reason ?? "PreStep hook denied the step");
                case HookControl.Modify modify:
                    stepInfo = modify.Payload.AsDict.Get("step");
                    args = [.. stepInfo.AsDict.Get("args").AsList];
                    break;
            }
        }

        Value output;
        var active = new ActiveStep(step);
        session.ActiveSteps.Add(active);
        try
        {
            output = context.Invoke(step.Callable, args);
        }
        catch (HarnRuntimeException error) when (IsBudgetExhausted(error))
        {
            switch (step.ErrorBoundary)
            {
                case StepErrorBoundary.Continue:
                    return Value.Nil;
                case StepErrorBoundary.Escalate:
                    throw HarnRuntimeException.Throw(Value.FromDict(error.Thrown.AsDict
                        .With("escalated", Value.True)
                        .With("category", Value.FromString("handoff_escalation"))
                        .With("step", Value.FromString(step.Name))
                        .With("function", Value.FromString(step.Function))));
                default:
                    throw;
            }
        }
        finally
        {
            session.ActiveSteps.Remove(active);
        }

        if (session.HasHooks(HookEvent.PostStep))
        {
            var payload = Of(HookEvent.PostStep, Field("target", Value.FromString(step.Name)), Field("persona", Value.Nil),
                Field("step", stepInfo), Field("output", output));
            if (session.Fire(context, HookEvent.PostStep, payload, ReadPostStep) is HookControl.Modify modify)
            {
                output = modify.Payload.AsDict.Get("output");
            }
        }

        return output;
    }

    /// <summary>The model of the innermost step in progress, for LLM calls that name none; null outside steps.</summary>
    public static string? ActiveModel(BuiltinContext context) =>
        HookSession.Of(context).ActiveSteps is { Count: > 0 } steps ? steps[^1].Definition.Model : null;

    /// <summary>
    /// Records one LLM call's usage against the innermost step in progress (nothing outside
    /// steps), then checks its budget: over <c>max_tokens</c> or <c>max_usd</c> throws the
    /// budget dict, which the step's error boundary then handles.
    /// </summary>
    public static void RecordLlmUsage(BuiltinContext context, string? model, long inputTokens, long outputTokens, double costUsd)
    {
        var steps = HookSession.Of(context).ActiveSteps;
        if (steps.Count == 0)
        {
            return;
        }

        var active = steps[^1];
        active.InputTokens += inputTokens;
        active.OutputTokens += outputTokens;
        active.CostUsd += costUsd;
        active.LlmCalls++;
        active.LastModel = model ?? active.LastModel;
        var step = active.Definition;
        if (step.MaxTokens is { } maxTokens && active.TotalTokens > maxTokens)
        {
            throw BudgetExhausted(active, "max_tokens", Value.FromInt(maxTokens), Value.FromInt(active.TotalTokens));
        }

        if (step.MaxUsd is { } maxUsd && active.CostUsd > maxUsd)
        {
            throw BudgetExhausted(active, "max_usd", Value.FromFloat(maxUsd), Value.FromFloat(active.CostUsd));
        }
    }

    /// <summary>The dict a step over its budget throws (category <c>budget_exceeded</c>).</summary>
    private static HarnRuntimeException BudgetExhausted(ActiveStep active, string limit, Value limitValue, Value consumed)
    {
        var step = active.Definition;
        var message = $"step `{step.Name}` exceeded {limit} budget ({ValueFormatter.Display(consumed)} > {ValueFormatter.Display(limitValue)})";
        return HarnRuntimeException.Throw(Value.FromDict(HarnDict.FromEntries(
        [
            Field("category", Value.FromString("budget_exceeded")),
            Field("kind", Value.FromString("budget_exhausted")),
            Field("reason", Value.FromString("step_budget_exhausted")),
            Field("step", Value.FromString(step.Name)),
            Field("function", Value.FromString(step.Function)),
            Field("limit", Value.FromString(limit)),
            Field("limit_value", limitValue),
            Field("consumed_tokens", Value.FromInt(active.TotalTokens)),
            Field("consumed_cost_usd", Value.FromFloat(active.CostUsd)),
            Field("error_boundary", Value.FromString(step.ErrorBoundary.ToString().ToLowerInvariant())),
            Field("message", Value.FromString(message)),
        ])));
    }

    /// <summary>
    /// A PreStep result: nil, true or "Allow" proceed; false, <c>{deny}</c>, <c>{reason}</c>,
    /// <c>{action: "deny"}</c>, <c>{block: true}</c> or <c>{decision: "deny"}</c> deny;
    /// <c>{args: [...]}</c> or <c>{modify: [...]}</c> replace the arguments.
    /// </summary>
    private static HookControl ReadPreStep(Value payload, Value result)
    {
        if (result.Kind == ValueKind.String && result.AsString == "Allow")
        {
            return HookControl.Allow.Instance;
        }

        if (result.Kind != ValueKind.Dict)
        {
            return HookControl.Parse(HookEvent.PreStep, result);
        }

        var dict = result.AsDict;
        if (dict.Get("deny") is { IsNil: false } deny && !(deny.Kind == ValueKind.Bool && !deny.AsBool))
        {
            return new HookControl.Block(deny.Kind == ValueKind.String ? deny.AsString : ReasonOr(dict, "PreStep hook denied the step"));
        }

        if (dict.Get("action") is { Kind: ValueKind.String } action && action.AsString.Equals("deny", StringComparison.OrdinalIgnoreCase))
        {
            return new HookControl.Block(ReasonOr(dict, "PreStep hook denied the step"));
        }

        var newArgs = dict.Get("args") is { Kind: ValueKind.List } args ? args : dict.Get("modify");
        if (newArgs.Kind == ValueKind.List)
        {
            var step = payload.AsDict.Get("step").AsDict.With("args", newArgs);
            return new HookControl.Modify(Value.FromDict(payload.AsDict.With("step", Value.FromDict(step))));
        }

        if (dict.ContainsKey("reason") && !dict.ContainsKey("decision") && !dict.ContainsKey("block"))
        {
            return new HookControl.Block(ReasonOr(dict, "PreStep hook denied the step"));
        }

        var control = HookControl.Parse(HookEvent.PreStep, result);
        return control is HookControl.Modify ? HookControl.Allow.Instance : control;
    }

    /// <summary>A PostStep result: nil, true or "Pass" keep the output; <c>{output|result|modify: v}</c> replaces it.</summary>
    private static HookControl ReadPostStep(Value payload, Value result)
    {
        if (result.Kind == ValueKind.String && result.AsString == "Pass")
        {
            return HookControl.Allow.Instance;
        }

        if (result.Kind == ValueKind.Dict)
        {
            var dict = result.AsDict;
            foreach (var key in (ReadOnlySpan<string>)["output", "result", "modify"])
            {
                if (dict.TryGetValue(key, out var replacement))
                {
                    return new HookControl.Modify(Value.FromDict(payload.AsDict.With("output", replacement)));
                }
            }
        }

        // Parsed for its type check only: PostStep cannot undo the call, so a block changes nothing.
        _ = HookControl.Parse(HookEvent.PostStep, result);
        return HookControl.Allow.Instance;
    }

    private static Value StepInfo(StepDefinition step, HarnList args) => Value.FromDict(HarnDict.FromEntries(
    [
        Field("name", Value.FromString(step.Name)),
        Field("function", Value.FromString(step.Function)),
        Field("args", Value.FromList(args)),
    ]));

    private static string ReasonOr(HarnDict dict, string fallback) =>
        dict.Get("reason") is { IsNil: false } reason ? ValueFormatter.Display(reason) : fallback;

    /// <summary>The dict a denied step throws: <c>{category: "hook_denied", event: "PreStep", reason, step}</c>.</summary>
    private static HarnRuntimeException Denied(StepDefinition step, string reason) => HarnRuntimeException.Throw(Value.FromDict(HarnDict.FromEntries(
    [
        Field("category", Value.FromString("hook_denied")),
        Field("event", Value.FromString("PreStep")),
        Field("reason", Value.FromString(reason)),
        Field("step", Value.FromString(step.Name)),
    ])));

    private static bool IsBudgetExhausted(HarnRuntimeException error) =>
        error.Kind == ErrorKind.Thrown && error.Thrown.Kind == ValueKind.Dict
        && error.Thrown.AsDict.Get("category") is { Kind: ValueKind.String } category && category.AsString == "budget_exceeded";
}
