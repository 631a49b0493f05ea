using static Harn.Vm.Tests.Stdlib.StdlibAssert;
using Xunit;

namespace Harn.Vm.Tests.Stdlib;

/// <summary>Edge cases of the set builtins and methods (<c>Sets</c>, <c>SetMethods</c>): empty sets, typed keys, wrong types.</summary>
public sealed class SetEdgeTests
{
    [Fact]
    public void EmptySets()
    {
        Prints("""
            println(set())
            println(set().count)
            println(set_union(set(), set()))
            println(set_is_subset(set(), set(1)))
            println(set_difference(set(1, 2), set()))
            println(set().to_list())
            """,
            "set()", "0", "set()", "true", "set(1, 2)", "[]");
    }

    [Fact]
    public void ConstructionFlattensAndKeysByKind()
    {
        Prints("""
            println(set(1, 2, [2, 3]))
            println(set(1, 1.0))
            println(set(1).contains(1.0))
            println(set_add(set(1), 1))
            println(set("b", "a", "é"))
            """,
            "set(1, 2, 3)", "set(1, 1.0)", "true", "set(1)", "set(b, a, é)");
    }

    [Fact]
    public void WrongTypes()
    {
        Fails("set_add(5, 1)", "Type error: set_add: expected a set, got int");
        Fails("set_union([1], set(2))", "Type error: set_union: expected a set, got list");
    }

    [Fact]
    public void Algebra()
    {
        Prints("""
            println(set_intersect(set(1, 2), set(2, 3)))
            println(set_symmetric_difference(set(1, 2), set(2, 3)))
            println(set_is_disjoint(set(1), set(2)))
            println(set(1, 2).map({ x -> x * 2 }))
            println(set(1, 2, 3).filter({ x -> x > 1 }))
            """,
            "set(2)", "set(1, 3)", "true", "set(2, 4)", "set(2, 3)");
    }
}
