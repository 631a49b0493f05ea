using Harn.Runtime;
using Harn.Vm.Tests.Vm;
using Xunit;
using static Harn.Vm.Tests.Stdlib.V;

namespace Harn.Vm.Tests.Runtime;

/// <summary>
/// Appending reuses a list's spare capacity, yet every list keeps its value: an append to an
/// older list over the same storage must not show in, or be overwritten by, a newer one.
/// </summary>
public class ListAppendTests
{
    private static string Show(HarnList list) => ValueFormatter.Display(Value.FromList(list));

    [Fact]
    public void Appends_to_one_list_and_to_its_older_versions_stay_apart()
    {
        var a = HarnList.Create([I(1), I(2)]);
        var b = a.Append(I(3));
        var c = a.Append(I(4));
        var d = b.Append(I(5));
        var e = b.Append(I(6));
        var f = d.Append(I(7));

        Assert.Equal("[1, 2]", Show(a));
        Assert.Equal("[1, 2, 3]", Show(b));
        Assert.Equal("[1, 2, 4]", Show(c));
        Assert.Equal("[1, 2, 3, 5]", Show(d));
        Assert.Equal("[1, 2, 3, 6]", Show(e));
        Assert.Equal("[1, 2, 3, 5, 7]", Show(f));
    }

    [Fact]
    public void Appending_a_range_covers_empty_self_and_growth()
    {
        var empty = HarnList.Create(ReadOnlySpan<Value>.Empty);
        Assert.Same(empty, empty.AppendRange(ReadOnlySpan<Value>.Empty));

        var a = HarnList.Empty.Append(I(1)).Append(I(2));
        var doubled = a.AppendRange(a.AsSpan());
        var again = a.AppendRange([I(9)]);
        var grown = doubled.AppendRange([I(5), I(6), I(7), I(8), I(9)]);

        Assert.Equal("[1, 2]", Show(a));
        Assert.Equal("[1, 2, 1, 2]", Show(doubled));
        Assert.Equal("[1, 2, 9]", Show(again));
        Assert.Equal("[1, 2, 1, 2, 5, 6, 7, 8, 9]", Show(grown));
        Assert.Equal(9, grown.Count);
    }

    [Fact]
    public void Harn_lists_built_by_push_and_concatenation_keep_value_semantics()
    {
        const string source = """
            var xs = []
            for i in 0 to 99999 { xs = xs.push(i) }
            var ys = []
            for i in 0 to 99999 { ys = ys + [i] }
            println("${len(xs)} ${xs[0]} ${xs[99999]} ${len(ys)} ${ys[54321]}")
            let a = [1, 2]
            let b = a.push(3)
            let c = a.push(4)
            let d = b + [5, 6]
            let e = b.push(7)
            let f = push(c, 8)
            println("${a} ${b} ${c} ${d} ${e} ${f}")
            var kept = []
            var acc = [0]
            for i in 1 to 3 {
              kept = kept.push(acc)
              acc = acc.push(i)
            }
            println(kept)
            """;

        Assert.Equal(
            "100000 0 99999 100000 54321\n" +
            "[1, 2] [1, 2, 3] [1, 2, 4] [1, 2, 3, 5, 6] [1, 2, 3, 7] [1, 2, 4, 8]\n" +
            "[[0], [0, 1], [0, 1, 2]]\n",
            ScriptRunner.Output(source));
    }
}
