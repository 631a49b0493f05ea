using Xunit;
using static Harn.Vm.Tests.Hooks.HookTestRunner;

namespace Harn.Vm.Tests.Hooks;

/// <summary><c>@step(budget: ...)</c>: LLM usage recorded against a running step is checked against its budget.</summary>
public class StepBudgetTests
{
    [Fact]
    public void A_step_over_its_token_budget_throws_the_budget_dict()
    {
        var (output, _) = Run("""
            @step(name: "plan", model: "mock-1", budget: {max_tokens: 100})
            fn plan() {
              record_step_llm_usage("mock-1", 40, 20, 0.0)
              log("first call fits")
              record_step_llm_usage("mock-1", 30, 20, 0.0)
              log("never")
            }
            pipeline default() {
              try { plan() } catch (e) { log(e) }
            }
            """);
        Assert.Equal(
            "[harn] first call fits\n" +
            "[harn] {category: budget_exceeded, consumed_cost_usd: 0.0, consumed_tokens: 110, error_boundary: fail, function: plan, " +
            "kind: budget_exhausted, limit: max_tokens, limit_value: 100, message: step `plan` exceeded max_tokens budget (110 > 100), " +
            "reason: step_budget_exhausted, step: plan}\n",
            output);
    }

    [Fact]
    public void A_step_over_its_cost_budget_throws_with_the_cost_limit()
    {
        var (output, _) = Run("""
            @step(budget: {max_usd: 0.05})
            fn spend() {
              record_step_llm_usage(nil, 10, 10, 0.04)
              record_step_llm_usage(nil, 10, 10, 0.02)
            }
            pipeline default() {
              try { spend() } catch (e) { log(e.message)
                log(e.limit_value) }
            }
            """);
        Assert.Equal("[harn] step `spend` exceeded max_usd budget (0.06 > 0.05)\n[harn] 0.05\n", output);
    }

    [Fact]
    public void Continue_turns_an_exhausted_budget_into_a_nil_result()
    {
        var (output, _) = Run("""
            @step(budget: {max_tokens: 5}, error_boundary: "continue")
            fn draft() {
              record_step_llm_usage("m", 10, 0, 0.0)
              return "draft"
            }
            pipeline default() { log("result ${draft()}") }
            """);
        Assert.Equal("[harn] result nil\n", output);
    }

    [Fact]
    public void Escalate_retags_the_budget_error_as_a_handoff()
    {
        var (output, _) = Run("""
            @step(name: "review", budget: {max_tokens: 5}, error_boundary: "escalate")
            fn review() { record_step_llm_usage("m", 3, 3, 0.0) }
            pipeline default() {
              try { review() } catch (e) { log("${e.category} ${e.escalated} ${e.step} ${e.consumed_tokens}") }
            }
            """);
        Assert.Equal("[harn] handoff_escalation true review 6\n", output);
    }

    [Fact]
    public void Usage_counts_against_the_innermost_step_only_and_not_outside_steps()
    {
        var (output, _) = Run("""
            @step(budget: {max_tokens: 10})
            fn inner() { record_step_llm_usage("m", 8, 0, 0.0) }
            @step(budget: {max_tokens: 10})
            fn outer() {
              inner()
              record_step_llm_usage("m", 8, 0, 0.0)
              return "outer ok"
            }
            pipeline default() {
              record_step_llm_usage("m", 1000, 0, 0.0)
              log(outer())
            }
            """);
        Assert.Equal("[harn] outer ok\n", output);
    }

    [Fact]
    public void A_step_function_still_shows_as_the_function_it_wraps()
    {
        var (output, _) = Run("""
            @step(name: "plan")
            fn plan(goal, depth) { return goal }
            pipeline default() { log("${type_of(plan)} ${plan}") }
            """);
        Assert.Equal("[harn] closure <fn(goal, depth)>\n", output);
    }
}
