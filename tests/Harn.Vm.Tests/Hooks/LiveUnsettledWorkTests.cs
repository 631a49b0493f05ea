using Xunit;
using static Harn.Vm.Tests.Hooks.HookTestRunner;

namespace Harn.Vm.Tests.Hooks;

/// <summary>The finish lifecycle runs while tasks the pipeline left behind are still live.</summary>
public class LiveUnsettledWorkTests
{
    [Fact]
    public void OnUnsettledDetected_sees_a_task_still_running_and_may_wait_for_it()
    {
        var (output, result) = Run("""
            pipeline default() {
              spawn {
                sleep(20ms)
                log("child done")
                return 5
              }
              register_session_hook("OnUnsettledDetected", { p ->
                log("unsettled ${len(p.unsettled)} ${type_of(p.unsettled[0])}")
                log("awaited ${await(p.unsettled[0])}")
              })
              return 1
            }
            """);
        Assert.Equal("[harn] unsettled 1 task_handle\n[harn] child done\n[harn] awaited 5\n", output);
        Assert.Equal(1, result.AsInt);
    }

    [Fact]
    public void A_blocking_OnUnsettledDetected_hook_fails_the_run_with_upstreams_text()
    {
        var error = Fails("""
            pipeline default() {
              spawn { sleep(10s) }
              register_session_hook("OnUnsettledDetected", { p -> {block: true, reason: "${len(p.unsettled)} task still running"} })
              return 1
            }
            """);
        Assert.Equal("Runtime error: OnUnsettledDetected hook blocked pipeline finish: 1 task still running", error.Message);
    }

    [Fact]
    public void Settled_work_does_not_fire_OnUnsettledDetected()
    {
        var (output, _) = Run("""
            pipeline default() {
              let t = spawn { return 2 }
              await(t)
              register_session_hook("OnUnsettledDetected", { p -> log("never") })
              register_session_hook("PreFinish", { p -> log("pre ${p.unsettled}") })
              return 1
            }
            """);
        Assert.Equal("[harn] pre []\n", output);
    }

    [Fact]
    public void The_on_finish_callback_gets_a_Harness_that_reports_the_unsettled_work()
    {
        var (output, result) = Run("""
            pipeline default() {
              spawn { sleep(10s) }
              spawn { sleep(10s) }
              pipeline_on_finish({ harness, value ->
                log("${type_of(harness)} ${harness} ${harness.is_empty()} ${harness.counts()} ${harness.summary()}")
                return value + len(harness.unsettled())
              })
              return 40
            }
            """);
        Assert.Equal("[harn] Harness <Harness> false {tasks: 2} 2 unsettled tasks\n", output);
        Assert.Equal(42, result.AsInt);
    }

    [Fact]
    public void An_empty_Harness_says_so()
    {
        var (output, _) = Run("""
            pipeline default() {
              pipeline_on_finish({ h, v -> log("${h.is_empty()} ${h.counts()} ${h.summary()}") })
            }
            """);
        Assert.Equal("[harn] true {tasks: 0} no unsettled work\n", output);
    }

    [Fact]
    public void An_unknown_Harness_method_is_a_runtime_error()
    {
        var error = Fails("pipeline default() { pipeline_on_finish({ h, v -> h.stdio_write(1) }) }");
        Assert.Equal("Runtime error: Harness has no method `stdio_write`", error.Message);
    }
}
