using static Harn.Vm.Tests.Stdlib.StdlibAssert;
using Xunit;

namespace Harn.Vm.Tests.Stdlib;

/// <summary>Edge cases of iterators and ranges (<c>IterMethods</c>, <c>RangeMethods</c>): empty sources, exhaustion, bounds, non-iterables.</summary>
public sealed class IterAndRangeEdgeTests
{
    [Fact]
    public void EmptySourcesAndBounds()
    {
        Prints("""
            println(iter([]).to_list())
            println(iter([1, 2, 3]).take(0).to_list())
            println(iter([1, 2, 3]).skip(10).to_list())
            println(iter([]).reduce(0, { a, b -> a + b }))
            println(iter([1, 2]).zip(iter(["a"])).to_list())
            """,
            "[]", "[]", "[]", "0", "[(1, a)]");
    }

    [Fact]
    public void ItersAreSinglePass()
    {
        Prints("""
            let it = iter([1, 2])
            println(it.to_list())
            println(it.to_list())
            println(it)
            """,
            "[1, 2]", "[]", "<iter (exhausted)>");
    }

    [Fact]
    public void StringsIterateByScalarAndDictsByPair()
    {
        Prints("""
            println(iter("héllo").to_list())
            println(iter("😀a").to_list())
            println(iter({b: 1, a: 2}).to_list())
            """,
            "[h, é, l, l, o]", "[😀, a]", "[(a, 2), (b, 1)]");
    }

    [Fact]
    public void RangesAreEmptyBackwardsAndIndexChecked()
    {
        Prints("""
            println((5 to 1).to_list())
            println(len(5 to 1))
            println((0 to 3 exclusive).to_list())
            println((1 to 10).contains(10))
            println((1 to 3)[-1])
            println(range(0))
            println(range(2, 5).first)
            """,
            "[]", "0", "[0, 1, 2]", "true", "3", "0 to 0 exclusive", "2");
        Fails("(1 to 3)[5]", "Runtime error: range index out of range: index 5 for range of length 3");
        Fails("range(\"x\")", "Type error: range(n): expected integer argument");
    }

    [Fact]
    public void NonIterablesAreTypeErrors() =>
        Fails("iter(5)", "Type error: iter: value of type int is not iterable");
}
