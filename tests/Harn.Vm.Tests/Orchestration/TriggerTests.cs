using Xunit;
using static Harn.Vm.Tests.Stdlib.StdlibAssert;

namespace Harn.Vm.Tests.Orchestration;

public class TriggerTests
{
    private const string Setup = """
        var calls = 0
        fn flaky(event) {
          calls = calls + 1
          if calls < 3 {
            throw "boom " + to_string(calls)
          }
          return {kind: event.kind, ctx: handler_context().action}
        }

        """;

    [Fact]
    public void Fire_retries_dead_letters_and_replays()
    {
        Prints(Setup + """
            let h = trigger_register({id: "t1", kind: "push", provider: "github", handler: flaky, retry: {max: 2, backoff: "immediate"}})
            println(h.state + " " + h.handler_kind + " " + h.autonomy_tier)
            let first = trigger_fire(h, {headers: {x_delivery: "d1"}})
            println(first.status + " " + first.error + " " + to_string(first.attempts))
            let dlq = trigger_inspect_dlq()
            println(len(dlq) == 1 && dlq[0].event_id == first.event_id && dlq[0].retry_history[0].status == "dlq")
            let again = trigger_replay(first.event_id)
            println(again.status + " " + again.result.kind + " " + again.result.ctx + " " + to_string(again.replay_of_event_id == first.event_id))
            println(len(trigger_inspect_dlq()))
            println(trigger_list()[0].metrics)
            println(trigger_inspect_lifecycle("DispatchFailed").map({ e -> e.payload.error }))
            """,
            "active local act_auto", "dlq boom 2 2", "true", "dispatched push github.push true", "0",
            "{cost_guard_blocked: 0, deduped: 0, dispatched: 1, dlq: 1, failed: 0, received: 1, skipped: 0}", "[boom 1, boom 2]");
    }

    [Fact]
    public void Events_outside_the_kinds_and_duplicates_are_skipped()
    {
        Prints("""
            let h = trigger_register({id: "t2", kind: "push", provider: "github", handler: { e -> "ran" }, events: ["push"], dedupe_key: "event.key"})
            println(trigger_fire("t2", {kind: "issue"}).result)
            println(trigger_fire("t2", {key: "k1"}).result)
            let dup = trigger_fire("t2", {key: "k1"})
            println(dup.status + " " + dup.result.reason)
            """,
            "{reason: event_kind, skipped: true}", "ran", "deduped duplicate");
    }

    [Fact]
    public void Predicates_are_cached_for_replays()
    {
        Prints("""
            var evaluated = 0
            let h = trigger_register({id: "t3", kind: "k", provider: "webhook", handler: { e -> "handled" }, when: { e -> evaluated = evaluated + 1
              e.payload.ok && handler_context().action == "webhook.k" }})
            let yes = trigger_fire(h, {payload: {ok: true}})
            let no = trigger_fire(h, {payload: {ok: false}})
            println(yes.result + " " + to_string(no.result))
            trigger_replay(yes.event_id)
            println(evaluated)
            println(trigger_inspect_lifecycle("predicate.evaluated").map({ e -> e.payload.cached }))
            """,
            "handled {reason: nil, skipped: true}", "2", "[false, false, true]");
    }

    [Fact]
    public void The_daily_cost_guard_stops_dispatches_once_the_budget_is_spent()
    {
        Prints("""
            llm_mock({text: "ok", input_tokens: 100000, output_tokens: 100000, model: "gpt-4o-mini"})
            let h = trigger_register({id: "t5", kind: "k", provider: "p", budget: {daily_cost_usd: 0.01},
              handler: { e -> llm_call("hi", nil, {provider: "mock", model: "gpt-4o-mini"}).text }})
            println(trigger_fire(h, {}).result)
            let blocked = trigger_fire(h, {})
            println(blocked.status + " " + blocked.result.reason + " | " + blocked.error)
            """,
            "ok", "cost_guard_blocked cost_guard | trigger 't5' has spent its daily cost budget of $0.01");
    }

    [Fact]
    public void Register_validates_its_config()
    {
        Fails("""trigger_register({id: "x", kind: "k", provider: "p"})""", "Thrown: trigger_register: config.handler must be a function, got nil");
        Fails("""trigger_register({kind: "k", provider: "p", handler: { e -> 1 }})""", "Thrown: trigger_register: config.id must be a non-empty string");
        Fails("""trigger_register({id: "x", kind: "k", provider: "p", handler: { e -> 1 }, autonomy_tier: "god"})""",
            "Thrown: trigger_register: config.autonomy_tier must be one of shadow, suggest, act_with_approval, act_auto");
        Fails("""trigger_fire("nope", {})""", "Thrown: trigger_fire: no trigger registered with id 'nope'");
        Fails("""trigger_replay("evt-x")""", "Thrown: trigger_replay: no event with id 'evt-x' in triggers.events");
    }

    [Fact]
    public void Replays_resolve_hitl_requests_from_the_recorded_outcomes()
    {
        Prints("""
            host_mock("hitl", "question", {answer: "first"})
            let h = trigger_register({id: "t4", kind: "k", provider: "p", handler: { e -> ask_user("go?") }})
            let fired = trigger_fire(h, {})
            host_mock_clear()
            host_mock("hitl", "question", {answer: "second"})
            println(fired.result + " " + trigger_replay(fired.event_id).result + " " + trigger_fire(h, {}).result)
            """,
            "first first second");
    }
}
