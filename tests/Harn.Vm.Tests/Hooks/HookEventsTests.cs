using Harn.Hooks;
using Xunit;

namespace Harn.Vm.Tests.Hooks;

public class HookEventsTests
{
    [Theory]
    [InlineData("PreFinish", HookEvent.PreFinish)]
    [InlineData("pre_finish", HookEvent.PreFinish)]
    [InlineData("OnUnsettledDetected", HookEvent.OnUnsettledDetected)]
    [InlineData("on_unsettled_detected", HookEvent.OnUnsettledDetected)]
    [InlineData("PreToolUse", HookEvent.PreToolUse)]
    [InlineData("pre_tool_use", HookEvent.PreToolUse)]
    [InlineData("error", HookEvent.SessionError)]
    [InlineData("session_error", HookEvent.SessionError)]
    public void Names_parse_in_pascal_and_snake_case(string name, HookEvent expected)
    {
        Assert.True(HookEvents.TryParse(name, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("prefinish")]
    [InlineData("PRE_FINISH")]
    [InlineData("Nope")]
    public void Unknown_names_do_not_parse(string name) => Assert.False(HookEvents.TryParse(name, out _));

    [Fact]
    public void Every_event_has_a_kind_and_round_trips_its_names()
    {
        Assert.Equal(42, HookEvents.All.Count);
        foreach (var hookEvent in HookEvents.All)
        {
            Assert.True(HookEvents.TryParse(HookEvents.WireName(hookEvent), out var byWire));
            Assert.True(HookEvents.TryParse(HookEvents.SnakeName(hookEvent), out var bySnake));
            Assert.Equal(hookEvent, byWire);
            Assert.Equal(hookEvent, bySnake);
        }

        Assert.Equal(HookEventKind.Worker, HookEvents.KindOf(HookEvent.WorkerStopped));
        Assert.Equal(HookEventKind.Step, HookEvents.KindOf(HookEvent.PostStep));
        Assert.Equal(HookEventKind.Notification, HookEvents.KindOf(HookEvent.OnBudgetThreshold));
        Assert.Equal(HookEventKind.Session, HookEvents.KindOf(HookEvent.LoopCheckpoint));
        Assert.Equal(HookEventKind.Tool, HookEvents.KindOf(HookEvent.PostToolUse));
    }
}
