using Xunit;
using static Harn.Vm.Tests.Stdlib.StdlibAssert;

namespace Harn.Vm.Tests.Orchestration;

public class EventLogAndWaitpointTests
{
    [Fact]
    public void Event_log_emits_reads_and_subscribes_from_a_cursor()
    {
        Prints("""
            let a = event_log.emit("t", "one", {n: 1})
            let b = event_log_emit("t", "two", {n: 2}, {source: "test"})
            println([a, b])
            println(event_log.read("t", 1).map({ e -> e.kind + ":" + to_string(e.headers.source) }))
            let sub = event_log.subscribe({topic: "t", from_cursor: 0})
            println(sub.next().value.payload.n)
            println(sub.next().value.cursor)
            let waiter = spawn { sub.next().value.kind }
            sleep(5ms)
            event_log.emit("t", "three", nil)
            println(await(waiter))
            println(len(event_log.read("other")))
            """,
            "[1, 2]", "[two:test]", "1", "2", "three", "0");
    }

    [Fact]
    public void Event_log_rejects_bad_arguments()
    {
        Fails("""event_log_emit("t", "k", nil, "headers")""", "Type error: event_log_emit: expected a dict of headers, got string");
        Fails("""event_log.subscribe({from_cursor: 1})""", "Type error: event_log.subscribe: expected {topic, from_cursor?}, got dict");
    }

    [Fact]
    public void Waitpoints_complete_cancel_and_time_out()
    {
        Prints("""
            let wp = waitpoint_create("w1")
            println(wp.status + " " + wp.id)
            let waiter = spawn { waitpoint_wait(wp).waitpoints[0].value }
            sleep(5ms)
            println(waitpoint_complete("w1", 42).status)
            println(await(waiter))
            println(waitpoint_complete("w1", 99).value)
            waitpoint_create("w2")
            waitpoint_cancel("w2", "stopped")
            let cancelled = waitpoint_wait(["w1", "w2"], {wait_id: "both"})
            println(cancelled.wait_id + " " + cancelled.status + " " + to_string(cancelled.waitpoints[1].reason))
            println(waitpoint_wait("w3", {timeout: 5ms}).status)
            println(waitpoint_get("w3").status)
            println(waitpoint_get("missing"))
            """,
            "open w1", "completed", "42", "42", "both cancelled stopped", "timed_out", "open", "nil");
    }

    [Fact]
    public void The_std_waitpoint_module_waits_on_records()
    {
        Prints("""
            import { cancel, complete, create, wait } from "std/waitpoint"
            let points = [create("a"), create("b")]
            let waiter = spawn { wait(points).map({ p -> p.value }) }
            complete(points[0], 1)
            complete("b", 2)
            println(await(waiter))
            let c = create("c")
            cancel(c, "no")
            println(wait(c).status)
            """,
            "[1, 2]", "cancelled");
    }

    [Fact]
    public void Waitpoints_need_an_id_or_record()
    {
        Fails("waitpoint_complete(5)", "Type error: waitpoint_complete: expected a waitpoint id or record, got int");
        Fails("waitpoint_wait([1])", "Type error: waitpoint_wait: expected a waitpoint id or record, got int");
    }
}
