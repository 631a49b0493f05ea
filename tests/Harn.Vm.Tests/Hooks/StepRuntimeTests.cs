using Harn.Hooks;
using Harn.Runtime;
using Xunit;
using static Harn.Vm.Tests.Hooks.HookTestRunner;

namespace Harn.Vm.Tests.Hooks;

public class StepRuntimeTests
{
    [Fact]
    public void A_step_without_hooks_runs_like_its_function()
    {
        var (output, result) = Run("""
            @step(name: "plan", model: "m1")
            fn plan(x) {
              log("planning ${x}")
              return x * 2
            }
            pipeline default() { return plan(21) }
            """);
        Assert.Equal("[harn] planning 21\n", output);
        Assert.Equal(42, result.AsInt);
    }

    [Fact]
    public void PreStep_and_PostStep_hooks_see_the_step_and_may_change_args_and_output()
    {
        var (output, result) = Run("""
            @step(name: "plan")
            fn plan(x) { return x * 2 }
            pipeline default() {
              register_session_hook("PreStep", { p -> log("pre ${p.target} ${p.step}")
                return {args: [p.step.args[0] + 1]} })
              register_session_hook("PostStep", "plan", { p -> log("post ${p.output}")
                return {output: p.output + 100} })
              return plan(1)
            }
            """);
        Assert.Equal("[harn] pre plan {args: [1], function: plan, name: plan}\n[harn] post 4\n", output);
        Assert.Equal(104, result.AsInt);
    }

    [Fact]
    public void A_denied_step_throws_a_hook_denied_dict()
    {
        var (output, _) = Run("""
            @step("build")
            fn build() { log("never") }
            pipeline default() {
              register_session_hook("PreStep", { p -> {deny: "frozen"} })
              try { build() } catch (e) { log(e) }
            }
            """);
        Assert.Equal("[harn] {category: hook_denied, event: PreStep, reason: frozen, step: build}\n", output);
    }

    [Fact]
    public void Host_PreStep_hooks_deny_with_false()
    {
        var hooks = Host(HookEvent.PreStep, _ => Value.False, "deploy");
        var error = Fails("""
            @step(name: "deploy")
            fn ship() { return 1 }
            pipeline default() { return ship() }
            """, hooks);
        Assert.Equal("Thrown: {category: hook_denied, event: PreStep, reason: PreStep hook returned false, step: deploy}", error.Message);
    }

    [Theory]
    [InlineData("continue", "[harn] result nil\n")]
    [InlineData("escalate", "[harn] caught {category: handoff_escalation, escalated: true, function: spend, limit: max_tokens, step: spend}\n")]
    [InlineData("fail", "[harn] caught {category: budget_exceeded, limit: max_tokens}\n")]
    public void Budget_errors_follow_the_error_boundary(string boundary, string expected)
    {
        var (output, _) = Run($$"""
            @step(name: "spend", error_boundary: "{{boundary}}")
            fn spend() {
              throw {category: "budget_exceeded", limit: "max_tokens"}
            }
            pipeline default() {
              try { log("result ${spend()}") } catch (e) { log("caught ${e}") }
            }
            """);
        Assert.Equal(expected, output);
    }

    [Fact]
    public void Other_errors_pass_every_boundary_unchanged()
    {
        var error = Fails("""
            @step(error_boundary: "continue")
            fn boom() { throw "nope" }
            pipeline default() { boom() }
            """);
        Assert.Equal("Thrown: nope", error.Message);
    }

    [Fact]
    public void A_bad_error_boundary_is_reported_when_the_step_is_declared()
    {
        var error = Fails("""
            @step(error_boundary: "retry")
            fn s() { }
            pipeline default() { s() }
            """);
        Assert.Equal("Thrown: __register_step: error_boundary must be \"fail\", \"continue\" or \"escalate\", got retry", error.Message);
    }

    [Fact]
    public void Recursive_steps_fire_hooks_on_every_call()
    {
        var (output, result) = Run("""
            @step(name: "count")
            fn count(n) { if n == 0 { return 0 }
              return 1 + count(n - 1) }
            pipeline default() {
              register_session_hook("PreStep", { p -> log(p.step.args[0]) })
              return count(2)
            }
            """);
        Assert.Equal("[harn] 2\n[harn] 1\n[harn] 0\n", output);
        Assert.Equal(2, result.AsInt);
    }
}
