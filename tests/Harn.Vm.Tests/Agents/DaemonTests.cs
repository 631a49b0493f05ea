using Xunit;
using static Harn.Vm.Tests.HostLibrary.HostScripts;

namespace Harn.Vm.Tests.Agents;

/// <summary>The daemon wrappers: a turn per trigger over one transcript, a durable queue, stop and resume.</summary>
public sealed class DaemonTests
{
    [Fact]
    public void TriggersRunTurnsAndStateSurvivesStopAndResume()
    {
        var directory = Path.Combine(TempDirectory(), "reviewer");
        try
        {
            AssertLines(Output($$"""
                llm_mock({text: "ready"})
                llm_mock({text: "saw A"})
                llm_mock({text: "saw B"})
                let d = daemon_spawn({name: "reviewer", task: "Watch.", provider: "mock", persist_path: {{Quote(directory)}}})
                println([d.status, d.name])
                let s1 = daemon_snapshot(d)
                println([s1.daemon_state, s1.total_iterations, s1.queued_event_count, len(s1.recorded_messages)])
                let s2 = daemon_trigger(d, {file: "A"})
                println([s2.total_iterations, s2.recorded_messages[2].content, s2.recorded_messages[3].content])
                println(daemon_stop(d).status)
                let stopped = try { daemon_trigger(d, {file: "X"}) }
                println(stopped)
                let r = daemon_resume({{Quote(directory)}})
                println([r.status, r.name, daemon_snapshot(r).total_iterations])
                println(daemon_trigger(r, {file: "B"}).recorded_messages[5].content)
                """),
                "[running, reviewer]",
                "[idle, 1, 0, 2]",
                "[2, [daemon trigger] {\"file\":\"A\"}, saw A]",
                "stopped",
                "Result.Err(daemon_trigger: daemon 'reviewer' is stopped)",
                "[running, reviewer, 2]",
                "saw B");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
        }
    }

    [Fact]
    public void AnEventInFlightIsReplayedOnResume()
    {
        var directory = TempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(directory, "daemon.json"), """
                {"_type": "daemon_state", "name": "crashy", "status": "running", "total_iterations": 4,
                 "config": {"name": "crashy", "provider": "mock"}, "transcript": {"_type": "transcript", "messages": []},
                 "pending_events": [{"n": 2}], "inflight_event": {"n": 1}}
                """);
            AssertLines(Output($$"""
                llm_mock({text: "one"})
                llm_mock({text: "two"})
                let r = daemon_resume({{Quote(directory)}})
                let s = daemon_snapshot(r)
                println([s.name, s.total_iterations, s.queued_event_count, s.inflight_event])
                println(s.recorded_messages.map({ m -> m.content }))
                """),
                "[crashy, 6, 0, nil]",
                "[[daemon trigger] {\"n\":1}, one, [daemon trigger] {\"n\":2}, two]");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void AFullQueueAndUnknownHandlesAreErrors()
    {
        AssertLines(Output("""
            let d = daemon_spawn({name: "tiny", provider: "mock", event_queue_capacity: 0})
            let full = try { daemon_trigger(d, {}) }
            println(full)
            let unknown = try { daemon_snapshot("daemon_99") }
            println(unknown)
            """),
            "Result.Err({capacity: 0, daemon: tiny, message: daemon_trigger: event queue of daemon 'tiny' is full (capacity 0), type: DaemonQueueFull})",
            "Result.Err(daemon_snapshot: unknown daemon 'daemon_99')");
        Assert.StartsWith("Runtime error: daemon_resume: cannot read daemon state ", Error("daemon_resume(\"/nonexistent-harn-daemon\")"));
    }
}
