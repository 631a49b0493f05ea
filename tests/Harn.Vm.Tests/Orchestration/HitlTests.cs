using Xunit;
using static Harn.Vm.Tests.Stdlib.StdlibAssert;

namespace Harn.Vm.Tests.Orchestration;

public class HitlTests
{
    [Fact]
    public void Ask_user_takes_a_mocked_answer_and_coerces_toward_the_default()
    {
        Prints("""
            host_mock("hitl", "question", {answer: "7"})
            println(ask_user("n?", {default: 0}) + 1)
            host_mock("hitl", "question", {answer: "yes"})
            println(ask_user("ok?", {default: false}))
            host_mock("hitl", "question", {answer: "{\"name\": \"Ada\"}"})
            println(ask_user("who?", {schema: {type: "object", properties: {name: {type: "string"}}, required: ["name"]}}).name)
            """,
            "8", "true", "Ada");
    }

    [Fact]
    public void Ask_user_waits_for_a_response_event_and_times_out()
    {
        Prints("""
            let asker = spawn { ask_user("colour?", {timeout: 1m}) }
            sleep(5ms)
            let pending = hitl_pending()
            println(len(pending) == 1 && pending[0].request_kind == "question" && pending[0].prompt == "colour?")
            event_log.emit("hitl.questions", "hitl.response_received", {request_id: pending[0].request_id, answer: "blue"})
            println(await(asker))
            println(len(hitl_pending()))
            println(ask_user("late?", {timeout: 5ms, default: "fallback"}))
            """,
            "true", "blue", "0", "fallback");
        Fails("""ask_user("anyone?", {timeout: 5ms})""", "Thrown: HumanTimeoutError: ask_user timed out after 5ms waiting for an answer to 'anyone?'");
        Fails("""ask_user(1)""", "Type error: ask_user: expected a string, got int");
    }

    [Fact]
    public void Request_approval_counts_reviewers_toward_the_quorum_and_signs_them()
    {
        Prints("""
            host_mock("hitl", "approval", [
              {approved: true, reviewer: "mallory"},
              {approved: true, reviewer: "alice", responded_at: "2026-01-01T00:00:00Z"},
              {approved: true, reviewer: "alice"},
              {approved: true, reviewer: "bob", reason: "fine", responded_at: "2026-01-01T00:00:05Z"},
            ])
            let record = request_approval("ship", {quorum: 2, reviewers: ["alice", "bob"]})
            println(record.reviewers)
            println(record.approved_at + " " + record.reason)
            println(record.signatures.map({ s -> starts_with(s.signature, "sha256:") && len(s.signature) == 71 }))
            """,
            "[alice, bob]", "2026-01-01T00:00:05Z fine", "[true, true]");
        Fails("""
            host_mock("hitl", "approval", [{approved: false, reviewer: "alice", reason: "risky"}])
            request_approval("drop table", {reviewers: ["alice"]})
            """,
            "Thrown: ApprovalDeniedError: request_approval 'drop table' was denied by alice: risky");
        Fails("""request_approval("x", {quorum: 3, reviewers: ["a"]})""", "Thrown: request_approval: quorum 3 exceeds the 1 reviewers");
    }

    [Fact]
    public void Dual_control_runs_the_action_only_after_quorum()
    {
        Prints("""
            var ran = false
            host_mock("hitl", "dual_control", [{approved: true, reviewer: "a"}, {approved: false, reviewer: "b"}, {approved: true, reviewer: "c"}])
            println(dual_control(2, 3, { -> "done" }, ["a", "b", "c"]))
            host_mock("hitl", "dual_control", [{approved: false, reviewer: "a"}, {approved: false, reviewer: "b"}])
            let denied = try { dual_control(2, 3, { -> ran = true }, ["a", "b", "c"]) }
            println(denied)
            println(ran)
            """,
            "done", "Result.Err(ApprovalDeniedError: dual_control 'action' was denied by b)", "false");
        Fails("""dual_control(3, 2, { -> 1 })""", "Thrown: dual_control: need 1 <= n <= m, got n=3, m=2");
    }

    [Fact]
    public void Escalation_waits_for_acceptance()
    {
        Prints("""
            host_mock("hitl", "escalation", {reviewer: "lead", accepted_at: "2026-01-01T00:00:00Z"})
            let e = escalate_to("admin", "needs root")
            println(e.status + " " + e.reviewer + " " + e.role + " " + e.accepted_at)
            """,
            "accepted lead admin 2026-01-01T00:00:00Z");
    }
}
