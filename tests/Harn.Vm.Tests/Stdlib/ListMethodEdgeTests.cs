using static Harn.Vm.Tests.Stdlib.StdlibAssert;
using Xunit;

namespace Harn.Vm.Tests.Stdlib;

/// <summary>Edge cases of the list methods (<c>ListMethods</c>): empty lists, bounds, wrong argument types, mixed kinds.</summary>
public sealed class ListMethodEdgeTests
{
    [Fact]
    public void EmptyLists()
    {
        Prints("""
            println([].map({ x -> x }))
            println([].first)
            println([].last)
            println([].min())
            println([].enumerate())
            println([].unique())
            println([].pop())
            println([].join(",") == "")
            println([].reduce(0, { a, b -> a + b }))
            println([].count)
            println([].empty)
            """,
            "[]", "nil", "nil", "nil", "[]", "[]", "[]", "true", "0", "0", "true");
    }

    [Fact]
    public void BoundsClampOrGiveNil()
    {
        Prints("""
            println([1, 2, 3].take(10))
            println([1, 2, 3].skip(5))
            println([1, 2, 3].window(5))
            println([1, 2, 3].slice(-2))
            println([1, 2, 3][-1])
            println([1, 2, 3][9])
            println([1, 2, 3].index_of(5))
            """,
            "[1, 2, 3]", "[]", "[]", "[2, 3]", "3", "nil", "-1");
    }

    [Fact]
    public void WrongArgumentTypes()
    {
        Fails("[1, 2].chunk(0)", "Runtime error: chunk size must be positive");
        Fails("[1, 2].map(5)", "Type error: Cannot call 5");
    }

    [Fact]
    public void MixedKindsSortStablyAsEqual()
    {
        Prints("""
            println([3, 1, 2].sort())
            println([1, "a", 2].sort())
            println(["b", "a", "C"].sort())
            println([2, 1.5, 1].sort())
            """,
            "[1, 2, 3]", "[1, a, 2]", "[C, a, b]", "[1, 1.5, 2]");
    }

    [Fact]
    public void ShapingMethods()
    {
        Prints("""
            println([1, 2, 3].chunk(2))
            println([1, 2, 3].window(2))
            println([1, 2].zip(["a"]))
            println(["a", "b"].enumerate())
            println([1, 2, 3].partition({ x -> x > 1 }))
            println([1, 2, 3, 4].group_by({ x -> x % 2 }))
            println([nil, 1, nil].compact())
            println(["é", "b", "é"].tally())
            println([1, 2].push(3))
            println([1, 2].pop())
            """,
            "[[1, 2], [3]]", "[[1, 2], [2, 3]]", "[[1, a]]", "[{index: 0, value: a}, {index: 1, value: b}]",
            "[[2, 3], [1]]", "{0: [2, 4], 1: [1, 3]}", "[1]", "{b: 1, é: 2}", "[1, 2, 3]", "[1]");
    }
}
