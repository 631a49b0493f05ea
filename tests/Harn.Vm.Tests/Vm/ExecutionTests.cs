using Harn.Runtime;
using Xunit;
using static Harn.Vm.Tests.Vm.ScriptRunner;

namespace Harn.Vm.Tests.Vm;

public class ExecutionTests
{
    [Fact]
    public void Entry_pipeline_value_is_the_result()
    {
        var (output, result) = Run("pipeline other() { log(\"no\") }\npipeline default() { log(1 + 2)\n 40 + 2 }");
        Assert.Equal("[harn] 3\n", output);
        Assert.Equal(42, result.AsInt);
    }

    [Fact]
    public void First_pipeline_runs_without_a_default()
    {
        Assert.Equal("[harn] first\n", Output("pipeline a() { log(\"first\") }\npipeline b() { log(\"second\") }"));
    }

    [Fact]
    public void Top_level_statements_run_in_order_without_pipelines()
    {
        Assert.Equal("[harn] 1\n[harn] 2\n", Output("log(1)\nfn f() { return 2 }\nlog(f())"));
    }

    [Fact]
    public void Top_level_functions_call_each_other_in_any_order()
    {
        const string source = """
            fn is_even(n) { if n == 0 { return true }
              return is_odd(n - 1) }
            fn is_odd(n) { if n == 0 { return false }
              return is_even(n - 1) }
            pipeline default() { log(is_even(10)) }
            """;
        Assert.Equal("[harn] true\n", Output(source));
    }

    [Fact]
    public void Local_functions_are_mutually_recursive()
    {
        const string source = """
            pipeline default() {
              fn ping(n) { if n <= 0 { return "done" }
                return pong(n - 1) }
              fn pong(n) { return ping(n - 1) }
              log(ping(5))
            }
            """;
        Assert.Equal("[harn] done\n", Output(source));
    }

    [Fact]
    public void Closures_share_captured_mutable_variables()
    {
        const string source = """
            pipeline default() {
              var count = 0
              let bump = { -> count = count + 1 }
              bump()
              bump()
              log(count)
              let read = { -> count }
              count = 10
              log(read())
            }
            """;
        Assert.Equal("[harn] 2\n[harn] 10\n", Output(source));
    }

    [Fact]
    public void Each_loop_iteration_gets_its_own_captured_binding()
    {
        const string source = """
            pipeline default() {
              var fns = []
              for i in [1, 2, 3] { fns = fns.push({ -> i * 10 }) }
              log(fns.map({ f -> f() }))
            }
            """;
        Assert.Equal("[harn] [10, 20, 30]\n", Output(source));
    }

    [Fact]
    public void Closures_return_their_last_expression_and_fns_return_nil()
    {
        Assert.Equal("[harn] 6\n[harn] nil\n", Output("pipeline default() { let f = { x -> x * 2 }\n fn g(x) { x * 2 }\n log(f(3))\n log(g(3)) }"));
    }

    [Fact]
    public void Default_rest_and_missing_parameters()
    {
        const string source = """
            pipeline default() {
              fn f(a, b = 10, ...rest) { return "${a} ${b} ${rest}" }
              log(f(1))
              log(f(1, nil))
              log(f(1, 2, 3, 4))
              log(f())
              log(f(...[7, 8, 9]))
            }
            """;
        Assert.Equal("[harn] 1 10 []\n[harn] 1 nil []\n[harn] 1 2 [3, 4]\n[harn] nil 10 []\n[harn] 7 8 [9]\n", Output(source));
    }

    [Fact]
    public void Nested_property_and_index_assignment_rebuild_the_root()
    {
        const string source = """
            pipeline default() {
              var a = {b: {c: 1}, items: [{x: 1}, {x: 2}]}
              a.b.c = 5
              a.items[1].x += 40
              log(a)
            }
            """;
        Assert.Equal("[harn] {b: {c: 5}, items: [{x: 1}, {x: 42}]}\n", Output(source));
    }

    [Fact]
    public void Logical_operators_yield_bools_and_nil_coalescing_keeps_values()
    {
        Assert.Equal("[harn] true false 0 x\n", Output("pipeline default() { log(\"${1 && \"a\"} ${nil || 0} ${nil ?? 0} ${\"x\" ?? 1}\") }"));
    }

    [Fact]
    public void Match_binds_destructures_and_guards()
    {
        const string source = """
            enum Shape { Circle(r)
              Rect(w, h) }
            pipeline default() {
              for s in [Shape.Circle(2), Shape.Rect(3, 4), {kind: "x", n: 5}, [1, 2, 3], 7] {
                let d = match s {
                  Shape.Circle(r) -> { "circle ${r}" }
                  Shape.Rect(w, h) if w == h -> { "square" }
                  Shape.Rect(w, h) -> { "rect ${w * h}" }
                  {kind: "x", n: n} -> { "dict ${n}" }
                  [first, ...rest] -> { "list ${first} ${rest}" }
                  6 | 7 -> { "six or seven" }
                }
                log(d)
              }
            }
            """;
        Assert.Equal("[harn] circle 2\n[harn] rect 12\n[harn] dict 5\n[harn] list 1 [2, 3]\n[harn] six or seven\n", Output(source));
    }

    [Fact]
    public void Unmatched_match_throws_the_upstream_string()
    {
        var error = Fail("pipeline default() {\n  match 3 { 1 -> { 1 } }\n}");
        Assert.Equal("Thrown: No match arm matched the value", error.EnrichedMessage);
    }

    [Fact]
    public void Finally_and_defer_run_on_return_break_and_error()
    {
        const string source = """
            pipeline default() {
              fn f() {
                defer { log("defer") }
                try { return "ret" } finally { log("finally") }
              }
              log(f())
              for i in [1, 2] {
                try { break } finally { log("loop finally") }
              }
              let r = try {
                try { 1 / 0 } finally { log("error finally") }
              } catch (e) { e }
              log(r)
            }
            """;
        Assert.Equal("[harn] finally\n[harn] defer\n[harn] ret\n[harn] loop finally\n[harn] error finally\n[harn] Division by zero\n", Output(source));
    }

    [Fact]
    public void Typed_catch_only_catches_its_enum()
    {
        const string source = """
            enum A { X }
            enum B { Y }
            pipeline default() {
              let r = try {
                try { throw B.Y } catch (e: A) { "wrong" }
              } catch (e) { "outer ${e}" }
              log(r)
            }
            """;
        Assert.Equal("[harn] outer B.Y\n", Output(source));
    }

    [Fact]
    public void Try_expression_and_question_operator_work_with_results()
    {
        const string source = """
            pipeline default() {
              fn half(n) { if n % 2 == 1 { return Err("odd") }
                return Ok(n / 2) }
              fn quarter(n) { let h = half(n)?
                return half(h) }
              log(quarter(8))
              log(quarter(6))
              log(try { 1 / 0 })
              log(try { 5 })
            }
            """;
        Assert.Equal("[harn] Result.Ok(2)\n[harn] Result.Err(odd)\n[harn] Result.Err(Division by zero)\n[harn] Result.Ok(5)\n", Output(source));
    }

    [Fact]
    public void Retry_rethrows_the_last_error_after_the_attempts()
    {
        const string source = """
            pipeline default() {
              var n = 0
              let r = try { retry 3 { n += 1
                throw "fail ${n}" } } catch (e) { e }
              log(r)
              var m = 0
              let ok = retry 5 { m += 1
                if m < 3 { throw "again" }
                m }
              log(ok)
            }
            """;
        Assert.Equal("[harn] fail 3\n[harn] 3\n", Output(source));
    }

    [Fact]
    public void Generators_yield_lazily()
    {
        const string source = """
            pipeline default() {
              fn count(n) { var i = 0
                while i < n { yield i
                  i += 1 } }
              for x in count(3) { log(x) }
              let g = count(1)
              log(g.next())
              log(g.next())
            }
            """;
        Assert.Equal("[harn] 0\n[harn] 1\n[harn] 2\n[harn] {done: false, value: 0}\n[harn] {done: true, value: nil}\n", Output(source));
    }

    [Fact]
    public void Structs_and_impl_methods()
    {
        const string source = """
            struct Point { x: int, y: int }
            impl Point { fn sum(self) { return self.x + self.y } }
            pipeline default() {
              let p = Point({x: 1, y: 2})
              let q = Point {x: 3, y: 4}
              log(p.sum() + q.sum())
              log(q)
            }
            """;
        Assert.Equal("[harn] 10\n[harn] Point {x: 3, y: 4}\n", Output(source));
    }

    [Fact]
    public void Pipes_call_functions_and_fill_placeholders()
    {
        Assert.Equal("[harn] 10\n[harn] [a, b]\n", Output("pipeline default() { fn double(x) { return x * 2 }\n log(5 |> double)\n log(\"a b\" |> split(_, \" \")) }"));
    }

    [Fact]
    public void Deep_tail_recursion_reuses_frames()
    {
        Assert.Equal("[harn] 100000\n", Output("pipeline default() { fn count(n, acc) { if n == 0 { return acc }\n return count(n - 1, acc + 1) }\n log(count(100000, 0)) }"));
    }
}
