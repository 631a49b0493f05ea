using Harn.Hooks;
using Harn.Runtime;
using Xunit;
using static Harn.Vm.Tests.Hooks.HookTestRunner;

namespace Harn.Vm.Tests.Hooks;

public class FinishLifecycleTests
{
    [Fact]
    public void Finish_hooks_fire_in_order_with_their_payloads()
    {
        var (output, result) = Run("""
            pipeline default() {
              register_session_hook("PreFinish", { p -> log("pre ${p.event} ${p.return_value} ${p.unsettled} ${p.has_on_finish}") })
              register_session_hook("post_finish", { p -> log("post ${p.event} ${p.return_value}") })
              pipeline_on_finish({ h, v -> log("on_finish ${h} ${v}")
                return v * 10 })
              log("body")
              return 4
            }
            """);
        Assert.Equal("[harn] body\n[harn] pre PreFinish 4 [] true\n[harn] on_finish <Harness> 4\n[harn] post PostFinish 40\n", output);
        Assert.Equal(40, result.AsInt);
    }

    [Fact]
    public void The_last_on_finish_registration_wins()
    {
        var (_, result) = Run("""
            pipeline default() {
              pipeline_on_finish({ h, v -> "first" })
              pipeline_on_finish({ h, v -> "second " + v })
              return "x"
            }
            """);
        Assert.Equal("second x", result.AsString);
    }

    [Fact]
    public void A_PreFinish_hook_cannot_block()
    {
        var error = Fails("""
            pipeline default() {
              register_session_hook("PreFinish", { p -> {block: true, reason: "not yet"} })
              return 1
            }
            """);
        Assert.Equal(
            "Runtime error: PreFinish hook cannot block the pipeline finish (not yet); use OnFinish.block_until_settled (std/lifecycle) to wait for unsettled work",
            error.Message);
    }

    [Fact]
    public void A_PreFinish_hook_returning_false_is_a_block()
    {
        var error = Fails("pipeline default() {\n  register_session_hook(\"PreFinish\", { p -> false })\n}");
        Assert.Contains("(PreFinish hook returned false)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_PreFinish_modify_replaces_the_return_value_and_later_hooks_see_it()
    {
        var (output, result) = Run("""
            pipeline default() {
              register_session_hook("PreFinish", { p -> {modify: {return_value: p.return_value + 1}} })
              register_session_hook("PreFinish", { p -> log("second sees ${p.return_value}") })
              return 1
            }
            """);
        Assert.Equal("[harn] second sees 2\n", output);
        Assert.Equal(2, result.AsInt);
    }

    [Fact]
    public void PostFinish_control_is_ignored()
    {
        var (_, result) = Run("""
            pipeline default() {
              register_session_hook("PostFinish", { p -> {block: true, modify: {return_value: 0}} })
              return 7
            }
            """);
        Assert.Equal(7, result.AsInt);
    }

    [Fact]
    public void Clearing_session_hooks_removes_the_scripts_hooks()
    {
        var (output, _) = Run("""
            pipeline default() {
              register_session_hook("PreFinish", { p -> log("never") })
              clear_session_hooks()
              return 1
            }
            """);
        Assert.Equal("", output);
    }

    [Fact]
    public void Host_hooks_run_before_script_hooks_and_can_modify_the_finish()
    {
        var seen = new List<string>();
        var hooks = Host(HookEvent.PreFinish, payload =>
        {
            seen.Add(ValueFormatter.Display(payload));
            return Value.FromDict(HarnDict.FromEntries([new("modify", Value.FromDict(HarnDict.FromEntries([new("return_value", Value.FromString("host"))])))]));
        });
        var (output, result) = Run("""
            pipeline default() {
              register_session_hook("PreFinish", { p -> log("script sees ${p.return_value}") })
              return "script"
            }
            """, hooks);
        Assert.Equal(["{event: PreFinish, has_on_finish: false, return_value: script, unsettled: []}"], seen);
        Assert.Equal("[harn] script sees host\n", output);
        Assert.Equal("host", result.AsString);
    }

    [Fact]
    public void A_failing_host_hook_is_a_runtime_error_of_the_run()
    {
        var hooks = Host(HookEvent.PostFinish, _ => throw new InvalidOperationException("hook exploded"));
        var error = Fails("pipeline default() { return 1 }", hooks);
        Assert.Equal("Runtime error: PostFinish hook failed: hook exploded", error.Message);
    }

    [Fact]
    public void Unknown_events_and_bad_handlers_are_errors()
    {
        Assert.Equal("Runtime error: register_session_hook: unknown hook event 'Nope'",
            Fails("pipeline default() { register_session_hook(\"Nope\", { p -> nil }) }").Message);
        Assert.Equal("Type error: pipeline_on_finish: expected a function, got int",
            Fails("pipeline default() { pipeline_on_finish(3) }").Message);
    }

    [Fact]
    public void Patterns_filter_fired_session_hooks()
    {
        var (output, _) = Run("""
            pipeline default() {
              register_session_hook("PreToolUse", "read_*", { p -> {block: true, reason: "read denied"} })
              register_session_hook("PreToolUse", { p -> {modify: {seen: true}} })
              log(__host_fire_session_hook("PreToolUse", {tool: {name: "read_file"}}))
              log(__host_fire_session_hook("pre_tool_use", {tool: {name: "write_file"}}))
              log(__host_fire_session_hook("PermissionAsked", {}))
            }
            """);
        Assert.Equal(
            "[harn] {action: block, reason: read denied}\n" +
            "[harn] {action: modify, payload: {event: PreToolUse, seen: true, tool: {name: write_file}}}\n" +
            "[harn] {action: allow}\n",
            output);
    }

    [Fact]
    public void Hooks_firing_their_own_event_stop_at_a_depth_limit()
    {
        var error = Fails("""
            pipeline default() {
              register_session_hook("SessionIdle", { p -> __host_fire_session_hook("SessionIdle") })
              __host_fire_session_hook("SessionIdle")
            }
            """);
        Assert.Equal("Runtime error: SessionIdle hooks nested more than 32 levels deep", error.Message);
    }

    [Fact]
    public void Generator_results_stream_item_by_item_until_the_host_stops()
    {
        var items = new List<long>();
        var (output, result) = HookTestRunner.Run("""
            fn numbers() {
              var i = 0
              while true {
                i = i + 1
                log("make ${i}")
                yield i
              }
            }
            pipeline default() { return numbers() }
            """, resultItems: item =>
            {
                items.Add(item.AsInt);
                return items.Count < 3;
            });
        Assert.Equal([1, 2, 3], items);
        Assert.Equal("[harn] make 1\n[harn] make 2\n[harn] make 3\n", output);
        Assert.True(result.IsNil);
    }

    [Fact]
    public void Other_results_are_returned_as_they_are_when_streaming()
    {
        var (_, result) = HookTestRunner.Run("pipeline default() { return [1, 2] }", resultItems: _ => true);
        Assert.Equal("[1, 2]", ValueFormatter.Display(result));
    }
}
