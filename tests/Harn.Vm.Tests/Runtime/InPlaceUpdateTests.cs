using Harn.Vm.Tests.Vm;
using Xunit;

namespace Harn.Vm.Tests.Runtime;

/// <summary>
/// <c>d[k] = v</c> and <c>xs[i] = v</c> change a collection in place while one variable alone
/// holds it; every way the value can be handed on first ends that, so no other holder ever sees
/// a later update.
/// </summary>
public class InPlaceUpdateTests
{
    [Fact]
    public void Every_way_of_handing_a_local_on_keeps_the_value_it_had()
    {
        const string source = """
            fn keep(v) { return v }
            pipeline default() {
              var d = {}
              d["a"] = 1
              let snapshot = d
              d["b"] = 2
              println("${snapshot} ${d}")

              var xs = [1, 2, 3]
              xs[0] = 10
              let prefixed = [] + xs
              xs[1] = 20
              var joined = []
              joined = joined + xs
              xs[2] = 30
              let passed = keep(xs)
              xs[0] = 0
              let nested = {list: xs}
              xs[1] = 0
              let listed = [xs]
              xs[2] = 0
              println("${prefixed} ${joined} ${passed} ${nested} ${listed} ${xs}")

              var ys = [1, 2, 3]
              ys[0] = 5
              for item in ys {
                ys[0] = ys[0] + item
              }
              println(ys)

              var m = {count: 0}
              m.count = 1
              let before = m
              m.count = 2
              m.extra = true
              println("${before} ${m}")

              var captured = {}
              let set = fn(k) { captured[k] = len(captured) }
              set("x")
              let early = captured
              set("y")
              println("${early} ${captured}")
            }
            """;

        Assert.Equal(
            "{a: 1} {a: 1, b: 2}\n" +
            "[10, 2, 3] [10, 20, 3] [10, 20, 30] {list: [0, 20, 30]} [[0, 0, 30]] [0, 0, 0]\n" +
            "[15, 2, 3]\n" +
            "{count: 1} {count: 2, extra: true}\n" +
            "{x: 0} {x: 0, y: 1}\n",
            ScriptRunner.Output(source));
    }

    [Fact]
    public void A_global_updated_by_functions_keeps_value_semantics_for_every_reader()
    {
        const string source = """
            var registry = {}
            fn add(name) {
              registry[name] = len(registry)
            }
            fn snapshot() {
              return registry
            }
            add("x")
            add("y")
            let early = snapshot()
            add("z")
            let direct = registry
            add("w")
            println(early)
            println(direct)
            println(registry)
            """;

        Assert.Equal("{x: 0, y: 1}\n{x: 0, y: 1, z: 2}\n{w: 3, x: 0, y: 1, z: 2}\n", ScriptRunner.Output(source));
    }

    [Fact]
    public void Keys_added_in_any_order_read_back_and_display_in_key_order()
    {
        const string source = """
            pipeline default() {
              var u = {mid: 0}
              for k in ["zeta", "alpha", "omega", "beta", "a", "b", "c", "d", "e", "f", "g", "h", "i", "mid"] {
                u[k] = len(k)
              }
              println("${u["alpha"]} ${u.zeta} ${"omega" in u} ${"nope" in u} ${u.has("beta")} ${u.get("nope", -1)} ${len(u)}")
              u["alpha"] = 50
              println(u)
              println(u.keys())
              var counts = {}
              for w in "b a c a b a".split(" ") {
                if w in counts { counts[w] += 1 } else { counts[w] = 1 }
              }
              println(counts)
            }
            """;

        Assert.Equal(
            "5 4 true false true -1 14\n" +
            "{a: 1, alpha: 50, b: 1, beta: 4, c: 1, d: 1, e: 1, f: 1, g: 1, h: 1, i: 1, mid: 3, omega: 5, zeta: 4}\n" +
            "[a, alpha, b, beta, c, d, e, f, g, h, i, mid, omega, zeta]\n" +
            "{a: 3, b: 2, c: 1}\n",
            ScriptRunner.Output(source));
    }

    [Fact]
    public void Owned_lists_index_from_the_end_and_report_the_same_bounds_error()
    {
        const string source = """
            pipeline default() {
              var xs = [1, 2, 3]
              xs[0] = 7
              xs[-1] = 9
              println(xs)
              xs[3] = 1
            }
            """;

        var error = ScriptRunner.Fail(source);
        Assert.Equal("Runtime error: Index 3 out of bounds for list of length 3 (line 6)", error.EnrichedMessage);
    }

    [Fact]
    public void Loops_that_fill_a_dict_or_a_list_by_index_run_in_linear_time()
    {
        // At 200,000 items a copy per update would take minutes; in place it takes milliseconds.
        const string source = """
            pipeline default() {
              var counts = {}
              for i in 0 to 199999 {
                let key = "k${i % 150000}"
                counts[key] = (counts[key] ?? 0) + 1
              }
              var xs = range(0, 200000).to_list()
              var i = 0
              while i < len(xs) {
                xs[i] = xs[i] + 1
                i += 1
              }
              println("${len(counts)} ${counts["k7"]} ${counts["k149999"]} ${xs[0]} ${xs[199999]}")
            }
            """;

        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.Equal("150000 2 1 1 200000\n", ScriptRunner.Run(source, cancellation.Token).Output);
    }

    [Fact]
    public void Adding_a_dict_literal_to_the_variable_keeps_value_semantics_for_every_holder()
    {
        const string source = """
            var g = {a: 1}
            fn touch() {
              g = g + {touched: true}
              return 5
            }
            pipeline default() {
              var d = {b: 2}
              let alias = d
              d = d + {c: 3}
              d += {b: 20, e: 5}
              let snapshot = d
              d += {f: 6}
              println("${alias} ${snapshot} ${d}")
              var e = {}
              e = e + {x: touch()}
              let h = g
              g += {z: 26}
              println("${e} ${h} ${g}")
              var total = 1
              total = total + 2
              var s = "a"
              s += "b"
              var xs = [1]
              xs = xs + [2]
              println("${total} ${s} ${xs}")
              var bad = {k: 1}
              let r = try { bad += 1 } catch (err) { "${err}" }
              println(r)
            }
            """;
        Assert.Equal(
            "{b: 2} {b: 20, c: 3, e: 5} {b: 20, c: 3, e: 5, f: 6}\n" +
            "{x: 5} {a: 1, touched: true} {a: 1, touched: true, z: 26}\n" +
            "3 ab [1, 2]\n" +
            "Type error: Cannot add dict and int\n",
            ScriptRunner.Output(source));
    }

    [Fact]
    public void A_loop_that_adds_dict_literals_to_its_variable_runs_in_linear_time()
    {
        // At 100,000 keys a new dict per addition would copy about five billion entries.
        const string source = """
            pipeline default() {
              var d = {}
              var i = 0
              while i < 100000 {
                d = d + {["k${i}"]: i}
                d += {last: i}
                i += 1
              }
              println("${len(d)} ${d["k0"]} ${d["k99999"]} ${d.last}")
            }
            """;

        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.Equal("100001 0 99999 99999\n", ScriptRunner.Run(source, cancellation.Token).Output);
    }
}
