using static Harn.Vm.Tests.Stdlib.StdlibAssert;
using Xunit;

namespace Harn.Vm.Tests.Stdlib;

/// <summary>Edge cases of the dict methods (<c>DictMethods</c>): empty dicts, missing keys, non-string keys, dict-as-object calls.</summary>
public sealed class DictMethodEdgeTests
{
    [Fact]
    public void EmptyDicts()
    {
        Prints("""
            println({}.count())
            println({}.empty())
            println({}.count)
            println({count: 5}.count)
            println({}.keys())
            println({}.values())
            println({}.entries())
            println({}.map_values({ v -> v }))
            println({}.filter({ v -> true }))
            """,
            "0", "true", "nil", "5", "[]", "[]", "[]", "{}", "{}");
    }

    [Fact]
    public void MissingKeysGiveNilOrTheDefault()
    {
        Prints("""
            let d = {b: 2, a: 1}
            println(d.get("zz"))
            println(d.get("zz", 9))
            println(d.remove("zz"))
            println(d.zz)
            println(d.no_such_method())
            println({a: nil}.has("a"))
            """,
            "nil", "9", "{a: 1, b: 2}", "nil", "nil", "true");
    }

    [Fact]
    public void KeysAreSortedAndDisplayed()
    {
        Prints("""
            let d = {b: 2, a: 1, ["é"]: 3}
            println(d.keys())
            println(d.values())
            println({[1]: "one"})
            println({[1]: "one"}.has(1))
            println(d.rekey({ k -> k + k }))
            """,
            "[a, b, é]", "[1, 2, 3]", "{1: one}", "true", "{aa: 1, bb: 2, éé: 3}");
    }

    [Fact]
    public void CallbacksSeeValues()
    {
        Prints("""
            let d = {b: 2, a: 1}
            println(d.map_values({ v -> v * 10 }))
            println(d.filter({ v -> v > 1 }))
            println(d.merge({c: 3}))
            println(d.merge(5))
            """,
            "{a: 10, b: 20}", "{b: 2}", "{a: 1, b: 2, c: 3}", "{a: 1, b: 2}");
    }

    [Fact]
    public void CallableMembersAreInvoked()
    {
        Prints("""
            let obj = {greet: { name -> "hi " + name }, value: 1}
            println(obj.greet("é"))
            println(obj.value())
            """,
            "hi é", "nil");
    }
}
