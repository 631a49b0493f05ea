using Harn.Bench;
using Xunit;

namespace Harn.Vm.Tests.Bench;

/// <summary>When the benchmark stops timing a fixture, and which round it reports.</summary>
public sealed class FixtureRoundsTests
{
    [Fact]
    public void Each_engine_reports_its_fastest_round()
    {
        var fixture = WithHarnRounds(9, 5, 7);
        fixture.AddPythonRound(new Timing(20, 19, 21));
        fixture.AddPythonRound(new Timing(18, 17, 30));
        Assert.Equal(5, fixture.Harn!.MedianMs);
        Assert.Equal(18, fixture.Python!.MedianMs);
        Assert.Equal(5.0 / 18.0, fixture.HarnPerPython);
        Assert.Equal(3, fixture.Rounds);
    }

    [Fact]
    public void A_fastest_round_matched_by_another_and_then_not_beaten_settles_the_fixture()
    {
        Assert.True(WithHarnRounds(5, 5.2, 9, 9, 9, 9).Settled());
    }

    [Fact]
    public void A_lone_fast_round_is_not_enough()
    {
        Assert.False(WithHarnRounds(9, 9, 9, 9, 9, 5).Settled());
    }

    [Fact]
    public void A_markedly_faster_round_among_the_last_ones_keeps_the_rounds_going()
    {
        var fixture = WithHarnRounds(9, 9, 9, 5, 5, 9);
        Assert.False(fixture.Settled());
        foreach (var median in new[] { 9.0, 9.0, 9.0 })
        {
            fixture.AddHarnRound(new Timing(median, median, median), null);
        }

        Assert.True(fixture.Settled());
    }

    [Fact]
    public void Every_engine_must_be_settled()
    {
        var fixture = WithHarnRounds(5, 5, 5, 5, 5, 5);
        foreach (var median in new[] { 9.0, 9.0, 9.0, 9.0, 9.0, 5.0 })
        {
            fixture.AddLuaRound(new Timing(median, median, median));
        }

        Assert.False(fixture.Settled());
    }

    [Fact]
    public void An_engine_that_stopped_being_timed_does_not_hold_the_fixture_back()
    {
        var fixture = WithHarnRounds(5, 5, 5, 5, 5, 5);
        fixture.AddLuaRound(new Timing(9, 9, 9));
        Assert.True(fixture.Settled());
    }

    private static FixtureResult WithHarnRounds(params double[] medians)
    {
        var fixture = new FixtureResult("loop");
        foreach (var median in medians)
        {
            fixture.AddHarnRound(new Timing(median, median, median), null);
        }

        return fixture;
    }
}
