using Harn.Runtime;
using Harn.Hosting;
using Xunit;

namespace Harn.Vm.Tests.Vm;

/// <summary>
/// The dispatch loop's fast paths (for over lists and ranges, reused frames for tail calls,
/// remembered property positions, builtin calls and interpolation without the cold path) give
/// the same results as the general paths they shortcut.
/// </summary>
public class HotPathTests
{
    [Fact]
    public void For_walks_lists_and_ranges_with_break_and_continue()
    {
        const string source = """
            pipeline default(task) {
              for item in [1, "a", nil, [2]] {
                println(item)
              }
              var total = 0
              for i in range(3, 10) {
                if i == 4 { continue }
                if i == 7 { break }
                total = total + i
              }
              println(total)
              for i in range(5, 5) {
                println("never")
              }
              for x in [] {
                println("never")
              }
              let xs = [1, 2]
              for a in xs {
                for b in xs {
                  print("${a}${b} ")
                }
              }
              println("")
            }
            """;
        Assert.Equal("1\na\nnil\n[2]\n14\n11 12 21 22 \n", ScriptRunner.Output(source));
    }

    [Fact]
    public void Tail_calls_reuse_the_frame_at_any_depth()
    {
        const string source = """
            pipeline default(task) {
              fn count(n, acc) {
                if n <= 0 {
                  return acc
                }
                return count(n - 1, acc + 1)
              }
              println(count(100000, 0))
            }
            """;
        Assert.Equal("100000\n", ScriptRunner.Run(source, maxCallDepth: 64).Output);
    }

    [Fact]
    public void Tail_calls_to_other_shapes_bind_their_parameters_and_clear_their_locals()
    {
        const string source = """
            pipeline default(task) {
              fn wide(a, b, c) {
                var local = nil
                println("${a} ${b} ${c} ${local}")
                local = 5
                return a
              }
              fn narrow(x) {
                let scratch = [x, x]
                return wide(x, len(scratch), "z")
              }
              fn short(x) {
                return wide(x)
              }
              fn guarded(x) {
                try {
                  return wide(x, 1, 2)
                } catch (e) {
                  return -1
                }
              }
              println(narrow(1))
              println(short(2))
              println(guarded(3))
            }
            """;
        Assert.Equal("1 2 z nil\n1\n2 nil nil nil\n2\n3 1 2 nil\n3\n", ScriptRunner.Output(source));
    }

    [Fact]
    public void One_property_site_reads_dicts_of_any_shape()
    {
        const string source = """
            pipeline default(task) {
              let big = {k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7, k8: 8, b: 9, k9: 10}
              for d in [{a: 1, b: 2}, {b: 3}, {c: 4, b: 5, z: 0}, {a: 9}, big, {a: 1, b: 2}, big + {b: 11}] {
                println(d.b)
              }
            }
            """;
        Assert.Equal("2\n3\n5\nnil\n9\n2\n11\n", ScriptRunner.Output(source));
    }

    [Fact]
    public void Interpolation_formats_every_kind_of_part()
    {
        const string source = """
            pipeline default(task) {
              let parts = [1, -2, 1.5, nil, true, "s"]
              for p in parts {
                print("<${p}>")
              }
              println("")
              println("${"a"}${"b"}|${-9223372036854775807 - 1}|${[1, "x"]}|${{k: 1}}")
            }
            """;
        Assert.Equal("<1><-2><1.5><nil><true><s>\nab|-9223372036854775808|[1, x]|{k: 1}\n", ScriptRunner.Output(source));
    }

    [Fact]
    public void Interpolations_of_strings_and_ints_join_with_any_number_of_parts()
    {
        const string source = """
            pipeline default(task) {
              var text = ""
              for i in range(0, 12) {
                text = "${text}${i % 10}"
              }
              println(text)
              let n = -9223372036854775807 - 1
              println("${n}${0}")
              println("a${1}b")
              println("${1}${2}${3}${4}")
              println("<${"x"}|${-5}|${"yz"}|${10}>")
              println("${1}${2.5}${"z"}")
              println("${""}${""}|")
            }
            """;
        Assert.Equal("012345678901\n-92233720368547758080\na1b\n1234\n<x|-5|yz|10>\n12.5z\n|\n", ScriptRunner.Output(source));
    }

    [Fact]
    public void A_failing_builtin_is_reported_at_its_call()
    {
        var error = ScriptRunner.Fail("pipeline default(task) {\n  var n = 0\n  assert_eq(n, 0)\n  assert_eq(n, 1)\n}\n");
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void For_items_go_into_their_local_from_any_source_and_locals_add_in_place()
    {
        const string source = """
            pipeline default(task) {
              for ch in "héllo".chars() { print(ch + "|") }
              println("")
              for k in {b: 1, a: 2} { print("${k} ") }
              println("")
              for [x, y] in [[1, 2], [3, 4]] { print("${x + y} ") }
              println("")
              var n = 0
              for v in range(0, 10) {
                if v % 2 == 0 { continue }
                if v > 7 { break }
                n = n + v
              }
              println(n)
              var s = "a"
              let t = "b"
              s = s + t
              s += t
              println(s)
              var f = 1.5
              let g = 2
              f = f + g
              println(f)
              var l = [1]
              let m = [2]
              l = l + m
              println(l)
            }
            """;
        Assert.Equal("h|é|l|l|o|\n{key: a, value: 2} {key: b, value: 1} \n3 7 \n16\nabb\n3.5\n[1, 2]\n", ScriptRunner.Output(source));
    }

    [Fact]
    public void A_local_added_in_place_fails_as_the_plain_addition_does()
    {
        var error = ScriptRunner.Fail("pipeline default(task) {\n  var x = \"s\"\n  let y = 1\n  x = x + y\n}\n");
        Assert.Equal("Type error: Cannot add string and int", error.Message);
        Assert.Equal(4, error.Line);
        Assert.Equal(7, error.Column);
    }

    [Fact]
    public void Property_sites_follow_structs_and_dicts_of_any_layout()
    {
        const string source = """
            pipeline default(task) {
              struct P {
                x: int
                y: int
              }
              struct Q {
                y: int
                x: int
              }
              let items = [P {x: 1, y: 2}, Q {y: 3, x: 4}, {x: 5, y: 6}, {y: 7, x: 8}, P {x: 9}]
              var out = []
              for item in items {
                out = out + [item.x, item.y]
              }
              println(out)
              let key = "x" + ""
              let e = {} + {[key]: 10}
              println(e.x)
              println(e.missing)
            }
            """;
        Assert.Equal("[1, 2, 4, 3, 5, 6, 8, 7, 9, nil]\n10\nnil\n", ScriptRunner.Output(source));
    }

    [Fact]
    public void Calls_and_returns_keep_their_values_across_closures_handlers_and_callbacks()
    {
        const string source = """
            pipeline default(task) {
              fn even(n) {
                if n == 0 { return true }
                return odd(n - 1)
              }
              fn odd(n) {
                if n == 0 { return false }
                return even(n - 1)
              }
              println(even(10001))
              fn guarded(n) {
                try {
                  return n * 2
                } catch (e) {
                  return -1
                }
              }
              var total = 0
              for i in range(0, 5) {
                total = total + guarded(i)
              }
              println(total)
              println([1, 2, 3].map({ a -> [a, a + 1].map({ b -> b * a }) }))
            }
            """;
        Assert.Equal("false\n20\n[[1, 2], [4, 6], [9, 12]]\n", ScriptRunner.Output(source));
    }

    [Fact]
    public void Map_and_filter_over_lists_run_their_closures_as_frames_with_the_host_results()
    {
        const string source = """
            pipeline default(task) {
              println([1, 2, 3, 4].filter({ x -> x % 2 }))
              println([1, 2, 3].map({ x -> [x].filter({ y -> y > 1 }) }))
              println([].map({ x -> x }))
              println([].filter({ x -> true }))
              println([1, 2].map({ a, b -> b }))
              let r = try { [1, 2].map({ x -> x / 0 }) } catch (e) { "caught: ${e}" }
              println(r)
              println([3, 1].map({ x ->
                sleep(1ms)
                x * 10
              }))
              println(["a", "", "b"].filter({ s -> s }))
              println(range(0, 5).to_list().filter({ n -> n > 1 }).map({ n -> n * n }))
            }
            """;
        Assert.Equal("[1, 3]\n[[], [2], [3]]\n[]\n[]\n[nil, nil]\ncaught: Division by zero\n[30, 10]\n[a, b]\n[4, 9, 16]\n", ScriptRunner.Output(source));
    }

    [Fact]
    public void An_error_inside_a_mapped_closure_shows_the_callers_frames_only()
    {
        const string source = "pipeline default(task) {\n  fn f(v) {\n    return v / 0\n  }\n  let xs = [1, 2].map({ x ->\n    f(x) })\n  println(xs)\n}\n";
        var error = ScriptRunner.Fail(source);
        Assert.Equal(3, error.Line);
        Assert.Equal(
            ["at f (<source>:3:12)", "at <closure> (<source>:6:5)", "at default (<source>:5:12)", "at <top> (<source>:1:1)"],
            error.HarnStack);
    }

    [Fact]
    public void Len_counts_scalars_and_items_inline_as_the_builtin_does()
    {
        var longText = new string('a', 300) + "😀";
        var source = $$"""
            pipeline default(task) {
              for text in ["", "abc", "hé", "😀x", "{{longText}}"] {
                print("${len(text)} ")
              }
              println("${len([1, 2])} ${len({a: 1})} ${len(set(1, 2, 3))} ${len(range(0, 4))} ${len(nil)}")
            }
            """;
        Assert.Equal("0 3 2 2 301 2 1 3 4 0\n", ScriptRunner.Output(source));
    }

    [Fact]
    public void A_len_the_host_registers_replaces_the_inline_one()
    {
        var output = new System.Text.StringBuilder();
        HarnExecution.Run(HarnScript.Compile("pipeline default(task) {\n  println(len(\"abc\"))\n}\n"), new HarnRunOptions
        {
            Output = (_, text) => output.Append(text),
            ConfigureBuiltins = registry => registry.Register("len", (_, _) => Value.FromInt(42)),
        });
        Assert.Equal("42\n", output.ToString());
    }

    [Fact]
    public void A_property_of_a_local_reads_and_fails_as_any_property_read()
    {
        const string source = """
            pipeline default(task) {
              fn id(v) {
                return v
              }
              let d = {a: 1}
              let t = "abc"
              println("${d.a} ${id(d).a} ${d.b} ${id(d).b} ${t.length} ${id(t).length}")
              let n = 5
              println(n.foo)
            }
            """;
        var error = ScriptRunner.Fail(source);
        Assert.Equal("Type error: cannot access property `foo` on int", error.Message);
        Assert.Equal(9, error.Line);
        Assert.Equal(11, error.Column);
        Assert.Equal("1 1 nil nil nil nil\n", ScriptRunner.Run(source.Replace("println(n.foo)", "", StringComparison.Ordinal)).Output);
    }
}
