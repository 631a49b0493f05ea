using Xunit;
using static Harn.Vm.Tests.Vm.ScriptRunner;

namespace Harn.Vm.Tests.Concurrency;

public class DeadlineTests
{
    [Fact]
    public void An_inner_deadline_expires_inside_an_outer_one()
    {
        const string source = """
            pipeline default() {
              let r = deadline 1s {
                let inner = try {
                  deadline 10ms { sleep(1h) }
                } catch (e) { "inner: ${e}" }
                println(inner)
                "outer finished"
              }
              println(r)
            }
            """;
        Assert.Equal("inner: Deadline exceeded\nouter finished\n", Output(source));
    }

    [Fact]
    public void An_outer_deadline_expires_while_an_inner_one_is_longer()
    {
        const string source = """
            pipeline default() {
              let r = try {
                deadline 10ms {
                  deadline 1h { while true {} }
                }
              } catch (e) { "caught ${e}" }
              println(r)
            }
            """;
        Assert.Equal("caught Deadline exceeded\n", Output(source));
    }

    [Fact]
    public void A_deadline_aborts_tasks_spawned_inside_it()
    {
        const string source = """
            pipeline default() {
              let hits = atomic(0)
              try {
                deadline 10ms {
                  spawn { sleep(30ms)
                    atomic_add(hits, 1) }
                  sleep(1h)
                }
              } catch (e) { println(e) }
              sleep(50ms)
              println(atomic_get(hits))
            }
            """;
        Assert.Equal("Deadline exceeded\n0\n", Output(source));
    }

    [Fact]
    public void Uncaught_deadline_fails_the_run()
    {
        Assert.Equal("Thrown: Deadline exceeded", Fail("pipeline default() {\n  deadline 5ms { receive(channel(\"x\")) }\n}").Message);
    }
}
