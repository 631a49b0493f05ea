using Xunit;
using static Harn.Vm.Tests.Vm.ScriptRunner;

namespace Harn.Vm.Tests.Concurrency;

/// <summary>Waits inside builtins that call back into Harn (a <c>map</c> closure that receives, a generator body that sleeps).</summary>
[Collection(ThreadCountCollection.Name)]
public class InPlaceWaitTests
{
    [Fact]
    public void Two_tasks_waiting_inside_callbacks_on_each_other_do_not_deadlock()
    {
        const string source = """
            pipeline default() {
              let one = channel("one", 1)
              let two = channel("two", 1)
              let a = spawn {
                [1].map({ _ ->
                  let v = receive(one)
                  send(two, v + 1)
                  v
                })
              }
              let b = spawn { [1].map({ _ -> receive(two) }) }
              sleep(5ms)
              send(one, 1)
              println(await(a))
              println(await(b))
            }
            """;
        Assert.Equal("[1]\n[2]\n", Output(source));
    }

    [Fact]
    public void A_chain_of_nested_waiters_resolves_in_any_order()
    {
        const string source = """
            pipeline default() {
              let chans = [channel("c0", 1), channel("c1", 1), channel("c2", 1), channel("c3", 1)]
              let tasks = [0, 1, 2].map({ i ->
                spawn { [i].map({ k ->
                  let v = receive(chans[k])
                  send(chans[k + 1], v + 1)
                  v
                }) }
              })
              sleep(5ms)
              send(chans[0], 100)
              println(tasks.map({ t -> await(t) }))
              println(receive(chans[3]))
            }
            """;
        Assert.Equal("[[100], [101], [102]]\n103\n", Output(source));
    }

    [Fact]
    public void Many_tasks_waiting_inside_callbacks_complete_and_leave_no_threads()
    {
        var runner = new ConcurrentRunner("""
            pipeline default() {
              let results = parallel 300 { i ->
                let doubled = [i].map({ x ->
                  sleep(1ms)
                  x * 2
                })
                doubled[0]
              }
              println(len(results))
              println(results[299])
            }
            """);
        runner.Run();
        Assert.Equal("300\n598\n", runner.Output);
        Assert.True(runner.Vm!.Scheduler.IsIdle, "tasks, timers, queued work or driver threads were left behind");
    }

    [Fact]
    public void Cancelling_a_run_whose_tasks_wait_inside_callbacks_unwinds_them_all()
    {
        var runner = new ConcurrentRunner("""
            pipeline default() {
              let ch = channel("never", 1)
              let tasks = [1, 2, 3].map({ i ->
                spawn {
                  try {
                    [i].map({ _ -> receive(ch) })
                  } finally {
                    println("task finally")
                  }
                }
              })
              try {
                println("ready")
                [1].map({ _ -> receive(ch) })
              } finally {
                println("root finally")
              }
            }
            """);
        var (error, latency) = runner.RunAndCancel();
        Assert.Equal("Thrown: kind:cancelled:VM cancelled by host", error.Message);
        Assert.Contains("root finally", runner.Output, StringComparison.Ordinal);
        // A guard against a hang; the latency itself is the benchmark's cancellation figure.
        Assert.True(latency < TimeSpan.FromSeconds(10), $"cancellation took {latency.TotalMilliseconds} ms");
        Assert.Empty(runner.Vm!.Scheduler.Live);
        Assert.True(runner.Vm.Scheduler.IsIdle, "tasks, timers, queued work or driver threads were left behind");
    }
}
