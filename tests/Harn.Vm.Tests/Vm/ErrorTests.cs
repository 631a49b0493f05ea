using Harn.Hosting;
using Harn.Runtime;
using Xunit;
using static Harn.Vm.Tests.Vm.ScriptRunner;

namespace Harn.Vm.Tests.Vm;

public class ErrorTests
{
    [Fact]
    public void Uncaught_runtime_errors_are_enriched_with_the_line()
    {
        var error = Fail("pipeline default() {\n  let a = 1\n  log(a / 0)\n}");
        Assert.Equal("Runtime error: Division by zero (line 3)", error.EnrichedMessage);
        Assert.Equal(3, error.Line);
        Assert.Equal(7, error.Column);
        Assert.Equal("at default (<source>:3:7)", error.HarnStack[0]);
    }

    [Fact]
    public void Type_errors_keep_their_prefix()
    {
        // The value comes through an unannotated function, so only the VM can see the mismatch.
        var error = Fail("pipeline default() {\n  fn id(v) { return v }\n  log(1 + id(nil))\n}");
        Assert.Equal("Type error: Cannot add int and nil (line 3)", error.EnrichedMessage);
    }

    [Fact]
    public void Thrown_values_are_not_enriched()
    {
        Assert.Equal("Thrown: fatal", Fail("pipeline default() { throw \"fatal\" }").EnrichedMessage);
    }

    [Fact]
    public void Catch_binds_the_display_text_of_runtime_errors()
    {
        Assert.Equal("[harn] Undefined variable: nope\n", Output("pipeline default() { let e = try { nope } catch (e) { e }\n log(e) }"));
    }

    [Fact]
    public void Unknown_names_suggest_a_close_match()
    {
        Assert.Equal("Runtime error: Undefined variable: reponse (did you mean `response`?) (line 3)", Fail("pipeline default() {\n  let response = 1\n  log(reponse)\n}").EnrichedMessage);
        Assert.Equal("Runtime error: Undefined variable: printl (did you mean `print`?) (line 1)", Fail("pipeline default() { let f = printl }").EnrichedMessage);
    }

    [Fact]
    public void Assigning_an_immutable_binding_fails()
    {
        Assert.Equal("Runtime error: Cannot assign to immutable binding: x (line 3)", Fail("pipeline default() {\n  let x = 1\n  x = 2\n}").EnrichedMessage);
        var redeclare = Assert.Throws<HarnCompileException>(() => Run("pipeline default() {\n  let x = 1\n  let x = 2\n}"));
        Assert.Equal("Cannot redeclare immutable variable 'x' in the same scope (use 'var' for mutable bindings)", redeclare.Message);
    }

    [Fact]
    public void Deep_recursion_is_a_catchable_stack_overflow()
    {
        const string source = """
            pipeline default() {
              fn down(n) { return 1 + down(n + 1) }
              let r = try { down(0) } catch (e) { e }
              log(r)
            }
            """;
        Assert.Equal("[harn] Stack overflow: too many nested calls\n", Output(source));
        var error = Fail("pipeline default() {\n  fn down(n) { return 1 + down(n + 1) }\n  down(0)\n}");
        Assert.Equal("Runtime error: Stack overflow: too many nested calls (line 2)", error.EnrichedMessage);
    }

    [Fact]
    public void Recursion_through_builtin_callbacks_is_a_stack_overflow_too()
    {
        const string source = "pipeline default() { fn f() { return [1].map({ x -> f() }) }\n let r = try { f() } catch (e) { e }\n log(r) }";
        Assert.Equal("[harn] Stack overflow: too many nested calls\n", Output(source));
    }

    [Fact]
    public void Long_operator_and_call_chains_compile_without_deep_recursion()
    {
        Assert.Equal("[harn] 4000\n", Output("pipeline default() { log(0" + string.Concat(Enumerable.Repeat(" + 1", 4000)) + ") }"));
        Assert.Equal("[harn] 3000\n", Output("pipeline default() { log([1]" + string.Concat(Enumerable.Repeat(".map({ x -> x + 1 })", 2999)) + "[0]) }"));
    }

    [Fact]
    public void Call_depth_is_configurable()
    {
        const string source = "pipeline default() { fn down(n) { if n == 0 { return 0 }\n return 1 + down(n - 1) }\n log(down(100)) }";
        Assert.Equal("[harn] 100\n", Run(source).Output);
        Assert.Throws<HarnRuntimeException>(() => Run(source, maxCallDepth: 50));
    }

    [Fact]
    public void Host_cancellation_stops_an_endless_loop()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var error = Assert.Throws<HarnRuntimeException>(() => Run("pipeline default() { while true {} }", cancellation.Token));
        Assert.Equal("Thrown: kind:cancelled:VM cancelled by host", error.EnrichedMessage);
        // A guard against a hang, not a timing: the latency is measured by the benchmark, and a loaded
        // machine may delay the timer that cancels.
        Assert.True(watch.ElapsedMilliseconds < 15000, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void A_script_that_swallows_cancellation_is_still_stopped()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        const string source = "pipeline default() { while true { try { while true {} } catch (e) { } } }";
        Assert.Throws<HarnRuntimeException>(() => Run(source, cancellation.Token));
    }

    [Fact]
    public void Deadlines_interrupt_busy_loops_and_end_with_their_block()
    {
        const string source = """
            pipeline default() {
              let r = try { deadline 30ms { while true {} } } catch (e) { e }
              log(r)
              log(deadline 5s { "in time" })
              for i in [1, 2] { deadline 100ms { break } }
              let start = now_ms()
              var n = 0
              while now_ms() - start < 300 { n += 1 }
              log(n > 0)
            }
            """;

        // The loop outlives the deadlines the breaks left: had one stayed armed, it would fire there.
        Assert.Equal("[harn] Deadline exceeded\n[harn] in time\n[harn] true\n", Output(source));
    }

    [Fact]
    public void Errors_inside_callbacks_unwind_through_builtins()
    {
        const string source = """
            pipeline default() {
              let r = try { [1, 2].map({ x -> x / 0 }) } catch (e) { "caught ${e}" }
              log(r)
            }
            """;
        Assert.Equal("[harn] caught Division by zero\n", Output(source));
    }
}
