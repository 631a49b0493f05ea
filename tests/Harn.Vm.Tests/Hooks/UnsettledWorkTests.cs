using Harn.Hooks;
using Harn.Hosting;
using Harn.Runtime;
using Xunit;

namespace Harn.Vm.Tests.Hooks;

/// <summary>OnUnsettledDetected, driven directly with the pending work the VM reports to the finish lifecycle.</summary>
public class UnsettledWorkTests
{
    private static readonly Value Pending = Value.FromString("vm_task_2");

    private sealed class HostOnlyContext : BuiltinContext
    {
        public override CancellationToken CancellationToken => CancellationToken.None;

        public override string? SourceDirectory => null;

        public override void Write(OutputChannel channel, string text)
        {
        }

        public override Value Invoke(Value callable, ReadOnlySpan<Value> args) => throw new InvalidOperationException("no VM here");
    }

    private static (BuiltinContext Context, List<string> Seen) ContextWith(HookEvent hookEvent, Value answer)
    {
        var seen = new List<string>();
        var hooks = new HookRegistry();
        foreach (var each in new[] { HookEvent.PreFinish, HookEvent.OnUnsettledDetected, HookEvent.PostFinish })
        {
            hooks.Add(each, null, new HostHookHandler((e, payload, _) =>
            {
                seen.Add(ValueFormatter.Display(payload));
                return e == hookEvent ? answer : Value.Nil;
            }));
        }

        var context = new HostOnlyContext();
        HookSession.Of(context).Configure(new HarnRunOptions { Hooks = hooks });
        return (context, seen);
    }

    [Fact]
    public void Pending_work_fires_OnUnsettledDetected_between_PreFinish_and_PostFinish()
    {
        var (context, seen) = ContextWith(HookEvent.OnUnsettledDetected, Value.Nil);

        var result = FinishLifecycle.Run(context, Value.FromInt(1), [Pending]);

        Assert.Equal(1, result.AsInt);
        Assert.Equal(
        [
            "{event: PreFinish, has_on_finish: false, return_value: 1, unsettled: [vm_task_2]}",
            "{event: OnUnsettledDetected, unsettled: [vm_task_2]}",
            "{event: PostFinish, return_value: 1, unsettled: [vm_task_2]}",
        ], seen);
    }

    [Fact]
    public void A_blocking_OnUnsettledDetected_hook_aborts_the_finish()
    {
        var block = Value.FromDict(HarnDict.FromEntries([new("block", Value.True), new("reason", Value.FromString("1 task still running"))]));
        var (context, seen) = ContextWith(HookEvent.OnUnsettledDetected, block);

        var error = Assert.Throws<HarnRuntimeException>(() => FinishLifecycle.Run(context, Value.FromInt(1), [Pending]));

        Assert.Equal("Runtime error: OnUnsettledDetected hook blocked pipeline finish: 1 task still running", error.Message);
        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public void A_deny_decision_of_OnUnsettledDetected_aborts_the_finish_too()
    {
        var deny = Value.FromDict(HarnDict.FromEntries([new("decision", Value.FromString("deny"))]));
        var (context, _) = ContextWith(HookEvent.OnUnsettledDetected, deny);

        var error = Assert.Throws<HarnRuntimeException>(() => FinishLifecycle.Run(context, Value.FromInt(1), [Pending]));

        Assert.Equal("Runtime error: OnUnsettledDetected hook blocked pipeline finish: OnUnsettledDetected hook denied the finish", error.Message);
    }

    [Fact]
    public void Without_pending_work_OnUnsettledDetected_does_not_fire()
    {
        var (context, seen) = ContextWith(HookEvent.OnUnsettledDetected, Value.False);

        FinishLifecycle.Run(context, Value.Nil, []);

        Assert.Equal(["{event: PreFinish, has_on_finish: false, return_value: nil, unsettled: []}", "{event: PostFinish, return_value: nil, unsettled: []}"], seen);
    }
}
