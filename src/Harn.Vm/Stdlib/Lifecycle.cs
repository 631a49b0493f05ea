using Harn.Hooks;
using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>
/// Script-side lifecycle builtins: session hooks (<c>register_session_hook</c>,
/// <c>clear_session_hooks</c>, <c>__host_fire_session_hook</c>), the finish callback
/// (<c>pipeline_on_finish</c>), step registration (<c>__register_step</c>, emitted for <c>@step</c>)
/// and step budgets (<c>record_step_llm_usage</c>).
/// </summary>
internal static class Lifecycle
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("register_session_hook", RegisterSessionHook);
        registry.Register("clear_session_hooks", (context, _) =>
        {
            HookSession.Of(context).ClearScriptHooks();
            return Value.Nil;
        });
        registry.Register("pipeline_on_finish", (context, args) =>
        {
            HookSession.Of(context).OnFinish = Args.Callable(args, 0, "pipeline_on_finish");
            return Value.Nil;
        });
        registry.Register("__register_step", (_, args) => StepRuntime.Register(Args.At(args, 0), Args.At(args, 1)));
        registry.Register("__host_fire_session_hook", FireSessionHook);
        registry.Register("record_step_llm_usage", RecordStepLlmUsage);
    }

    /// <summary><c>record_step_llm_usage(model, input_tokens, output_tokens, cost_usd)</c>: charges the running step's budget.</summary>
    private static Value RecordStepLlmUsage(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        const string name = "record_step_llm_usage";
        var model = Args.At(args, 0) is { Kind: ValueKind.String } given ? given.AsString : null;
        StepRuntime.RecordLlmUsage(context, model, Args.Int(args, 1, name), Args.Int(args, 2, name), Args.Number(args, 3, name));
        return Value.Nil;
    }

    /// <summary><c>register_session_hook(event, handler)</c> or <c>register_session_hook(event, pattern, handler)</c>.</summary>
    private static Value RegisterSessionHook(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        const string name = "register_session_hook";
        var hookEvent = ParseEvent(Args.String(args, 0, name), name);
        var pattern = args.Length >= 3 ? Args.OptionalString(args, 1, name, "*") : "*";
        var handler = Args.Callable(args, args.Length >= 3 ? 2 : 1, name);
        HookSession.Of(context).Register(hookEvent, pattern, handler);
        return Value.Nil;
    }

    /// <summary>
    /// <c>__host_fire_session_hook(event, payload?)</c>: runs the event's hooks and returns the
    /// outcome as <c>{action: "allow"|"block"|"decision"|"modify", ...}</c>.
    /// </summary>
    private static Value FireSessionHook(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        const string name = "__host_fire_session_hook";
        var hookEvent = ParseEvent(Args.String(args, 0, name), name);
        var fields = Args.At(args, 1) is { Kind: ValueKind.Dict } given ? given.AsDict : HarnDict.Empty;
        var payload = Value.FromDict(fields.With("event", Value.FromString(HookEvents.WireName(hookEvent))));
        var control = HookSession.Of(context).Fire(context, hookEvent, payload);
        return Value.FromDict(HarnDict.FromEntries(control switch
        {
            HookControl.Block block => [Entry("action", "block"), Entry("reason", block.Reason)],
            HookControl.Decision decision =>
            [
                Entry("action", "decision"),
                Entry("decision", decision.Verdict.ToString().ToLowerInvariant()),
                new("reason", decision.Reason is null ? Value.Nil : Value.FromString(decision.Reason)),
            ],
            HookControl.Modify modify => [Entry("action", "modify"), new("payload", modify.Payload)],
            _ => [Entry("action", "allow")],
        }));
    }

    private static KeyValuePair<string, Value> Entry(string key, string text) => new(key, Value.FromString(text));

    private static HookEvent ParseEvent(string text, string function) =>
        HookEvents.TryParse(text, out var hookEvent) ? hookEvent : throw RuntimeErrors.Runtime($"{function}: unknown hook event '{text}'");
}
