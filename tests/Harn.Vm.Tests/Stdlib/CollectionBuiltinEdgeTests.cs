using static Harn.Vm.Tests.Stdlib.StdlibAssert;
using Xunit;

namespace Harn.Vm.Tests.Stdlib;

/// <summary>Edge cases of the collection builtins (<c>Collections</c>): empty collections, wrong types, Unicode strings.</summary>
public sealed class CollectionBuiltinEdgeTests
{
    [Fact]
    public void EmptyCollections()
    {
        Prints("""
            println(sum([]))
            println(keys({}))
            println(entries({}))
            println(unique([]))
            println(flatten([]))
            println(zip([], [1]))
            println(chunk([], 2))
            println(reverse([]))
            println(reduce([], { a, b -> a + b }))
            println(has({a: nil}, "a"))
            println(merge({}, {}))
            """,
            "0", "[]", "[]", "[]", "[]", "[]", "[]", "[]", "nil", "true", "{}");
    }

    [Fact]
    public void WrongTypes()
    {
        Fails("chunk(\"abc\", 2)", "Type error: chunk: expected a list, got string");
        Fails("chunk([1, 2], 0)", "Runtime error: chunk size must be positive");
        Prints("""
            println(map(5, { x -> x }))
            println(sort(5))
            println(zip([1], 5))
            """,
            "nil", "nil", "[]");
    }

    [Fact]
    public void ValuesKeepTheirKinds()
    {
        Prints("""
            println(sum([1, 2.5]))
            println(unique([1, 1.0, "1", 1]))
            println(flatten([[1, [2]], [3]]))
            println(entries({b: 1, a: 2}))
            println(merge({a: 1}, {a: 2, b: 3}))
            println(flat_map([1, 2], { x -> [x, x] }))
            """,
            "3.5", "[1, 1.0, 1]", "[1, [2], 3]", "[{key: a, value: 2}, {key: b, value: 1}]", "{a: 2, b: 3}", "[1, 1, 2, 2]");
    }

    [Fact]
    public void StringsReverseByScalar()
    {
        Prints("""
            println(reverse("añb"))
            println(sort(["b", "a", "C", "é"]))
            """,
            "bña", "[C, a, b, é]");
    }
}
