using Harn.Runtime;
using Xunit;
using static Harn.Vm.Tests.Vm.ScriptRunner;

namespace Harn.Vm.Tests.Concurrency;

[Collection(ThreadCountCollection.Name)]
public class TaskTests
{
    [Fact]
    public void An_error_in_a_spawned_task_surfaces_at_await()
    {
        const string source = """
            pipeline default() {
              let t = spawn {
                println("child ran")
                throw "boom"
              }
              println("before await")
              let caught = try { await(t) } catch (e) { "caught ${e}" }
              println(caught)
            }
            """;
        Assert.Equal("before await\nchild ran\ncaught boom\n", Output(source));
        var error = Fail("pipeline default() {\n  let t = spawn { throw \"late\" }\n  await(t)\n}");
        Assert.Equal("Thrown: late", error.Message);
    }

    [Fact]
    public void Ten_thousand_spawned_tasks_complete_on_one_thread()
    {
        var threadsBefore = System.Diagnostics.Process.GetCurrentProcess().Threads.Count;
        var runner = new ConcurrentRunner("""
            pipeline default() {
              let done = atomic(0)
              let results = channel("results", 10000)
              for i in 0 to 9999 {
                spawn {
                  sleep(1)
                  atomic_add(done, 1)
                  send(results, i)
                }
              }
              var sum = 0
              for _ in 0 to 9999 { sum = sum + receive(results) }
              println("${atomic_get(done)} ${sum}")
            }
            """);
        runner.Run();
        Assert.Equal("10000 49995000\n", runner.Output);
        Assert.True(runner.Vm!.Scheduler.IsIdle);
        Assert.True(System.Diagnostics.Process.GetCurrentProcess().Threads.Count < threadsBefore + 16);
    }

    [Fact]
    public void Task_output_is_appended_when_awaited_and_parallel_output_in_index_order()
    {
        const string source = """
            pipeline default() {
              let t = spawn { println("from task") }
              println("parent first")
              await(t)
              parallel each [30, 1, 10] { ms ->
                sleep(ms)
                println("item ${ms}")
              }
            }
            """;
        Assert.Equal("parent first\nfrom task\nitem 30\nitem 1\nitem 10\n", Output(source));
    }

    [Fact]
    public void A_busy_task_cannot_starve_the_others()
    {
        const string source = """
            pipeline default() {
              let stop = atomic(false)
              let busy = spawn { while !atomic_get(stop) {} }
              sleep(5ms)
              println("main still runs")
              atomic_set(stop, true)
              await(busy)
            }
            """;
        Assert.Equal("main still runs\n", Output(source));
    }

    [Fact]
    public void Spawned_closures_get_their_own_copies_of_captured_variables()
    {
        const string source = """
            pipeline default() {
              var n = 1
              let t = spawn { n = n + 10
                n }
              println(await(t))
              println(n)
            }
            """;
        Assert.Equal("11\n1\n", Output(source));
    }

    [Fact]
    public void Cancel_graceful_reports_the_outcome()
    {
        const string source = """
            pipeline default() {
              let polite = spawn {
                while !is_cancelled() { sleep(1ms) }
                "drained"
              }
              println(cancel_graceful(polite, 500ms))
              let stubborn = spawn { while true {} }
              println(cancel_graceful(stubborn, 0))
            }
            """;
        Assert.Equal("Result.Ok(drained)\nResult.Err(cancel_graceful: timeout, task forcefully aborted)\n", Output(source));
    }

    [Fact]
    public void A_builtin_calling_back_into_harn_can_wait_in_place()
    {
        const string source = """
            pipeline default() {
              let ch = channel("feed", 1)
              spawn {
                for i in 1 to 3 { send(ch, i * 10) }
              }
              let got = [1, 2, 3].map({ _ -> receive(ch) })
              println(got)
              let slept = [3, 1].map({ ms ->
                sleep(ms)
                ms
              })
              println(slept)
            }
            """;
        Assert.Equal("[10, 20, 30]\n[3, 1]\n", Output(source));
    }

    [Fact]
    public void A_generator_body_can_wait()
    {
        const string source = """
            pipeline default() {
              let ch = channel("g")
              spawn { send(ch, "a")
                send(ch, "b")
                close_channel(ch) }
              gen fn relay() {
                for item in ch { emit item }
              }
              for x in relay() { println(x) }
            }
            """;
        Assert.Equal("a\nb\n", Output(source));
    }

    [Fact]
    public void Async_builtins_park_the_task_while_host_work_runs()
    {
        var runner = new ConcurrentRunner(
            """
            pipeline default() {
              let t = spawn { http_get(30) }
              var ticks = 0
              while ticks < 3 {
                sleep(1ms)
                ticks = ticks + 1
              }
              println("ticked ${ticks} times while fetching")
              println(await(t))
            }
            """,
            registry => registry.Register("http_get", (context, args) =>
            {
                var ms = (int)args[0].AsInt;
                return AsyncBuiltin.Await(context, async token =>
                {
                    await Task.Delay(ms, token);
                    return Value.FromString("fetched");
                });
            }));
        runner.Run();
        Assert.Equal("ticked 3 times while fetching\nfetched\n", runner.Output);
        Assert.True(runner.Vm!.Scheduler.IsIdle);
    }
}
