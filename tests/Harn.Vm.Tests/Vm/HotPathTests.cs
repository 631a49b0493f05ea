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
    public void A_failing_builtin_is_reported_at_its_call()
    {
        var error = ScriptRunner.Fail("pipeline default(task) {\n  var n = 0\n  assert_eq(n, 0)\n  assert_eq(n, 1)\n}\n");
        Assert.Equal(4, error.Line);
    }
}
