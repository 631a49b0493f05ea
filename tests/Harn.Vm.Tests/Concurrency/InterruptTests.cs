using Harn.Hosting;
using Harn.Runtime;
using Xunit;
using static Harn.Vm.Tests.Vm.ScriptRunner;

namespace Harn.Vm.Tests.Concurrency;

public class InterruptTests
{
    [Fact]
    public void A_host_signal_runs_the_handler_which_can_stop_the_script()
    {
        var runner = new ConcurrentRunner("""
            pipeline default() {
              var stopping = false
              on_interrupt({ e ->
                println("handler saw ${e.signal} (${e.reason})")
                stopping = true
              })
              println("ready")
              while !stopping { sleep(5ms) }
              println("stopped cleanly")
            }
            """);
        var error = runner.RunWhile(_ =>
        {
            runner.Interrupts.Raise("SIGINT");
            return Task.CompletedTask;
        });
        Assert.Null(error);
        Assert.Equal("ready\nhandler saw SIGINT (signal)\nstopped cleanly\n", runner.Output);
        Assert.True(runner.Vm!.Scheduler.IsIdle);
    }

    [Fact]
    public void An_unhandled_signal_raises_the_interrupted_error_and_runs_finally()
    {
        var runner = new ConcurrentRunner("""
            pipeline default() {
              on_interrupt({ -> println("not for SIGINT") }, {signals: "SIGTERM"})
              try {
                println("ready")
                while true {}
              } finally {
                println("finally ran")
              }
            }
            """);
        var error = runner.RunWhile(_ =>
        {
            runner.Interrupts.Raise("SIGINT");
            return Task.CompletedTask;
        });
        Assert.Equal("Thrown: kind:interrupted:SIGINT", error?.Message);
        Assert.Equal("ready\nfinally ran\n", runner.Output);
        Assert.Empty(runner.Vm!.Scheduler.Live);
    }

    [Fact]
    public void Matching_handlers_run_newest_first_and_once_handlers_only_once()
    {
        var runner = new ConcurrentRunner("""
            pipeline default() {
              let seen = atomic(0)
              on_interrupt({ -> println("first (kept)")
                atomic_add(seen, 1) }, {once: false})
              on_interrupt({ -> println("second (once)")
                atomic_add(seen, 1) }, {signals: ["SIGTERM", "SIGHUP"]})
              on_interrupt({ -> println("third (SIGINT only)")
                atomic_add(seen, 1) }, {signals: "SIGINT"})
              println("ready")
              while atomic_get(seen) < 2 { sleep(1ms) }
              println("again")
              while atomic_get(seen) < 3 { sleep(1ms) }
              println("done")
            }
            """);
        var error = runner.RunWhile(async _ =>
        {
            runner.Interrupts.Raise("SIGHUP");
            while (!runner.Output.Contains("again", StringComparison.Ordinal))
            {
                await Task.Delay(1);
            }

            runner.Interrupts.Raise("SIGHUP");
        });
        Assert.Null(error);
        Assert.Equal("ready\nsecond (once)\nfirst (kept)\nagain\nfirst (kept)\ndone\n", runner.Output);
    }

    [Fact]
    public void Registration_returns_handle_signals_and_once_and_off_interrupt_removes()
    {
        const string source = """
            pipeline default() {
              let a = on_interrupt({ -> println("a") })
              let b = on_interrupt({ -> println("b") }, {signals: ["SIGTERM", "SIGINT"], once: false, graceful_timeout_ms: 2s})
              println(a)
              println(b)
              println(off_interrupt(b.handle))
              println(off_interrupt(b))
            }
            """;
        Assert.Equal(
            "{handle: 1, once: true, signals: nil}\n{handle: 2, once: false, signals: [SIGTERM, SIGINT]}\ntrue\nfalse\n",
            Output(source));
    }

    [Theory]
    [InlineData("on_interrupt({ -> 1 }, {signals: \"SIGKILL\"})", "on_interrupt: unknown signal SIGKILL; expected SIGINT, SIGTERM or SIGHUP")]
    [InlineData("on_interrupt({ -> 1 }, {signals: []})", "on_interrupt: signals must be a signal name or a non-empty list of SIGINT, SIGTERM, SIGHUP")]
    [InlineData("on_interrupt(42)", "on_interrupt: expected a closure, got int")]
    [InlineData("on_interrupt({ -> 1 }, {graceful_timeout_ms: \"soon\"})", "on_interrupt: graceful_timeout_ms must be an int or a duration, got string")]
    public void Bad_registrations_are_errors(string call, string message)
    {
        var error = Assert.ThrowsAny<HarnRuntimeException>(() => Output($"pipeline default() {{ {call} }}"));
        Assert.StartsWith(message, error.Message.Replace("Type error: ", string.Empty, StringComparison.Ordinal).Replace("Runtime error: ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void A_handler_that_outlives_its_graceful_timeout_raises_handler_timeout()
    {
        var runner = new ConcurrentRunner("""
            pipeline default() {
              on_interrupt({ -> println("handler starts")
                sleep(1h) }, {graceful_timeout_ms: 20ms})
              println("ready")
              let r = try { sleep(5s) } catch (e) { "caught ${e}" }
              println(r)
            }
            """);
        Assert.Null(runner.RunWhile(RaiseSigterm(runner)));
        Assert.Equal("ready\nhandler starts\ncaught kind:interrupted:handler_timeout\n", runner.Output);
        Assert.True(runner.Vm!.Scheduler.IsIdle);
    }

    private static Func<CancellationTokenSource, Task> RaiseSigterm(ConcurrentRunner runner) => _ =>
    {
        runner.Interrupts.Raise("SIGTERM");
        return Task.CompletedTask;
    };

    [Fact]
    public void A_failing_handler_raises_its_error_in_the_script()
    {
        var runner = new ConcurrentRunner("""
            pipeline default() {
              on_interrupt({ -> throw "cleanup failed" })
              println("ready")
              let r = try { sleep(5s) } catch (e) { "caught ${e}" }
              println(r)
            }
            """);
        Assert.Null(runner.RunWhile(RaiseSigterm(runner)));
        Assert.Equal("ready\ncaught cleanup failed\n", runner.Output);
    }

    [Fact]
    public void The_internal_signal_names_are_registered()
    {
        var builtins = new BuiltinRegistry();
        Harn.Stdlib.StandardLibrary.Register(builtins);
        foreach (var name in new[] { "__signal_on_interrupt", "__signal_off_interrupt", "__signal_interrupted", "__signal_raise" })
        {
            Assert.True(builtins.TryGet(name, out _), name);
        }
    }

    [Fact]
    public void Host_cancellation_runs_unfiltered_handlers_then_ends_cancelled_and_reports_the_skipped()
    {
        var runner = new ConcurrentRunner("""
            pipeline default() {
              on_interrupt({ -> println("only SIGINT") }, {signals: ["SIGINT"]})
              on_interrupt({ e ->
                println("cleanup (${e.reason}), signal ${e.signal}")
                sleep(10ms)
                println("cleanup done")
              })
              try {
                println("ready")
                sleep(1h)
              } finally {
                println("finally ran")
              }
            }
            """);
        var error = runner.RunWhile(cancellation => cancellation.CancelAsync());
        Assert.Equal("Thrown: kind:cancelled:VM cancelled by host", error?.Message);
        Assert.Equal("ready\ncleanup (cancelled), signal nil\ncleanup done\nfinally ran\n", runner.Output);
        Assert.Equal("[harn] on_interrupt handler 1 registered for SIGINT did not run: the run was cancelled without a signal\n", runner.Errors);
        Assert.True(runner.Vm!.Scheduler.IsIdle);
    }

    [Fact]
    public void Signal_then_cancel_lets_handlers_run_and_then_ends_the_run()
    {
        var runner = new ConcurrentRunner("""
            pipeline default() {
              on_interrupt({ -> println("handler ran") })
              try {
                println("ready")
                while true { sleep(1ms) }
              } finally {
                println("finally ran")
              }
            }
            """);
        var error = runner.RunWhile(async cancellation =>
        {
            runner.Interrupts.Raise("SIGINT");
            while (!runner.Output.Contains("handler ran", StringComparison.Ordinal))
            {
                await Task.Delay(1);
            }

            await cancellation.CancelAsync();
        });
        Assert.Equal("Thrown: kind:cancelled:VM cancelled by host", error?.Message);
        Assert.Equal("ready\nhandler ran\nfinally ran\n", runner.Output);
        Assert.Equal(string.Empty, runner.Errors);
        Assert.True(runner.Vm!.Scheduler.IsIdle);
    }

    [Fact]
    public void Signals_raised_before_the_run_are_delivered_when_it_starts_and_unknown_ones_are_refused()
    {
        var source = new HarnInterruptSource();
        Assert.Throws<ArgumentException>(() => source.Raise("SIGKILL"));
        source.Raise("SIGHUP");
        var script = HarnScript.Compile("""
            pipeline default() {
              println("never printed")
            }
            """);
        var output = new System.Text.StringBuilder();
        var error = Assert.Throws<HarnRuntimeException>(() =>
            HarnExecution.Run(script, new HarnRunOptions { Interrupts = source, Output = (_, text) => output.Append(text) }));
        Assert.Equal("Thrown: kind:interrupted:SIGHUP", error.Message);
        Assert.Equal(string.Empty, output.ToString());
    }

    [Fact]
    public void A_signal_raised_while_the_host_pulls_the_result_runs_its_handler_before_the_run_ends()
    {
        var source = new HarnInterruptSource();
        var output = new System.Text.StringBuilder();
        var pulled = 0;
        var script = HarnScript.Compile("""
            fn ticks() {
              var i = 0
              while true {
                i = i + 1
                yield i
              }
            }
            pipeline default() {
              on_interrupt({ e -> println("handler ran for ${e.signal}") })
              return ticks()
            }
            """);

        HarnExecution.Run(script, new HarnRunOptions
        {
            Interrupts = source,
            Output = (_, text) => output.Append(text),
            ResultItems = _ =>
            {
                if (++pulled < 2)
                {
                    return true;
                }

                // As a host does when its consumer stops: signal, then stop pulling.
                source.Raise("SIGINT");
                return false;
            },
        });

        Assert.Equal(2, pulled);
        Assert.Equal("handler ran for SIGINT\n", output.ToString());
    }
}
