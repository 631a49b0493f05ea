using Harn.Runtime;
using static Harn.Hooks.HookPayload;

namespace Harn.Hooks;

/// <summary>
/// What happens after the entry pipeline returns, on the main VM so that output is kept:
/// <c>PreFinish</c>, <c>OnUnsettledDetected</c> when work is still pending, the
/// <c>pipeline_on_finish</c> callback (called with a <see cref="FinishHarness"/> and the value,
/// and its value replaces the pipeline's), <c>PostFinish</c>;
/// then, when the host streams results, the items of a generator, stream or iter result.
/// </summary>
internal static class FinishLifecycle
{
    /// <param name="pending">
    /// Work still pending when the entry pipeline returned: the handles of tasks not finished,
    /// still live while this runs (they are stopped when it has returned).
    /// </param>
    public static Value Run(BuiltinContext context, Value result, IReadOnlyList<Value> pending)
    {
        var session = HookSession.Of(context);
        var unsettled = Value.FromList(HarnList.Create(pending));
        if (session.HasHooks(HookEvent.PreFinish))
        {
            var control = session.Fire(context, HookEvent.PreFinish, Of(HookEvent.PreFinish,
                Field("return_value", result),
                Field("unsettled", unsettled),
                Field("has_on_finish", Value.FromBool(!session.OnFinish.IsNil))));
            result = control switch
            {
                HookControl.Block block => throw PreFinishCannotBlock(block.Reason),
                HookControl.Decision { Verdict: HookDecision.Deny } deny => throw PreFinishCannotBlock(deny.Reason ?? "PreFinish hook denied the finish"),
                HookControl.Modify modify when modify.Payload.Kind == ValueKind.Dict && modify.Payload.AsDict.TryGetValue("return_value", out var replaced) => replaced,
                _ => result,
            };
        }

        if (pending.Count > 0)
        {
            var control = session.Fire(context, HookEvent.OnUnsettledDetected, Of(HookEvent.OnUnsettledDetected, Field("unsettled", unsettled)));
            switch (control)
            {
                case HookControl.Block block:
                    throw UnsettledBlocked(block.Reason);
                case HookControl.Decision { Verdict: HookDecision.Deny } deny:
                    throw UnsettledBlocked(deny.Reason ?? "OnUnsettledDetected hook denied the finish");
            }
        }

        if (!session.OnFinish.IsNil)
        {
            result = context.Invoke(session.OnFinish, [Value.FromHarnObject(new FinishHarness(pending)), result]);
        }

        if (session.HasHooks(HookEvent.PostFinish))
        {
            // PostFinish observes; what its hooks return does not change the finish.
            session.Fire(context, HookEvent.PostFinish, Of(HookEvent.PostFinish, Field("return_value", result), Field("unsettled", unsettled)));
        }

        return session.ResultItems is { } sink ? ResultStreaming.Drain(context, result, sink) : result;
    }

    /// <summary>The error when a PreFinish hook blocks: waiting for pending work is the on-finish handler's job.</summary>
    internal static HarnRuntimeException PreFinishCannotBlock(string reason) => RuntimeErrors.Runtime(
        $"PreFinish hook cannot block the pipeline finish ({reason}); use OnFinish.block_until_settled (std/lifecycle) to wait for unsettled work");

    internal static HarnRuntimeException UnsettledBlocked(string reason) =>
        RuntimeErrors.Runtime($"OnUnsettledDetected hook blocked pipeline finish: {reason}");
}
