using Harn.Hooks;
using Harn.Runtime;
using Xunit;

namespace Harn.Vm.Tests.Hooks;

public class HookControlTests
{
    private static Value Dict(params (string Key, Value Value)[] entries) =>
        Value.FromDict(HarnDict.FromEntries(entries.Select(e => new KeyValuePair<string, Value>(e.Key, e.Value))));

    private static Value Text(string text) => Value.FromString(text);

    [Fact]
    public void Nil_true_and_plain_dicts_allow()
    {
        Assert.IsType<HookControl.Allow>(HookControl.Parse(HookEvent.PreCompact, Value.Nil));
        Assert.IsType<HookControl.Allow>(HookControl.Parse(HookEvent.PreCompact, Value.True));
        Assert.IsType<HookControl.Allow>(HookControl.Parse(HookEvent.PreCompact, Dict(("note", Text("x")))));
        Assert.IsType<HookControl.Allow>(HookControl.Parse(HookEvent.PreCompact, Dict(("block", Value.False))));
    }

    [Fact]
    public void False_blocks_with_the_event_name()
    {
        var block = Assert.IsType<HookControl.Block>(HookControl.Parse(HookEvent.PreDrain, Value.False));
        Assert.Equal("PreDrain hook returned false", block.Reason);
    }

    [Fact]
    public void Block_takes_its_reason_or_a_default()
    {
        Assert.Equal("busy", Assert.IsType<HookControl.Block>(HookControl.Parse(HookEvent.PreSuspend, Dict(("block", Value.True), ("reason", Text("busy"))))).Reason);
        Assert.Equal("PreSuspend hook blocked the operation", Assert.IsType<HookControl.Block>(HookControl.Parse(HookEvent.PreSuspend, Dict(("block", Value.True)))).Reason);
    }

    [Fact]
    public void Decision_is_case_insensitive_and_validated()
    {
        var decision = Assert.IsType<HookControl.Decision>(HookControl.Parse(HookEvent.PermissionAsked, Dict(("decision", Text("DENY")), ("reason", Text("no")))));
        Assert.Equal(HookDecision.Deny, decision.Verdict);
        Assert.Equal("no", decision.Reason);
        Assert.Equal(HookDecision.Ask, Assert.IsType<HookControl.Decision>(HookControl.Parse(HookEvent.PermissionAsked, Dict(("decision", Text("ask"))))).Verdict);
        var error = Assert.Throws<HarnRuntimeException>(() => HookControl.Parse(HookEvent.PermissionAsked, Dict(("decision", Text("maybe")))));
        Assert.Equal("Runtime error: PermissionAsked hook decision must be allow, deny, or ask; got maybe", error.Message);
    }

    [Fact]
    public void Modify_carries_the_payload_and_then_nests_an_action()
    {
        var modify = Assert.IsType<HookControl.Modify>(HookControl.Parse(HookEvent.PreCompact, Dict(("modify", Dict(("x", Value.FromInt(1)))))));
        Assert.Equal("{x: 1}", ValueFormatter.Display(modify.Payload));
        var nested = HookControl.Parse(HookEvent.PreCompact, Dict(("reminder", Text("r")), ("then", Dict(("block", Value.True)))));
        Assert.Equal("PreCompact hook blocked the operation", Assert.IsType<HookControl.Block>(nested).Reason);
    }

    [Fact]
    public void Other_values_are_an_error_naming_the_type()
    {
        var error = Assert.Throws<HarnRuntimeException>(() => HookControl.Parse(HookEvent.PreFinish, Value.FromInt(3)));
        Assert.Equal("Runtime error: PreFinish hook must return nil, bool, or a control dict; got int", error.Message);
    }
}
