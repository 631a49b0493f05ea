using Harn.Runtime;
using static Harn.Vm.Tests.Stdlib.StdlibAssert;
using static Harn.Vm.Tests.Stdlib.V;
using Xunit;

namespace Harn.Vm.Tests.Stdlib;

/// <summary><c>is_same</c>, <c>addr_of</c> and <c>hash_value</c> (<c>Identity</c>).</summary>
public sealed class IdentityTests
{
    [Fact]
    public void ScalarsAreTheirOwnAddress()
    {
        Prints("""
            println(addr_of(42))
            println(addr_of("hi"))
            println(addr_of(nil))
            println(addr_of(true))
            """,
            "int@42", "string@hi", "nil@nil", "bool@true");
    }

    [Fact]
    public void ReferenceValuesHaveAStableAddressPerObject()
    {
        Prints("""
            let a = [1]
            let b = [1]
            println(addr_of(a) == addr_of(a))
            println(addr_of(a) == addr_of(b))
            println(starts_with(addr_of(a), "list@0x"))
            println(is_same(a, a))
            println(is_same(a, b))
            println(is_same(42, 42))
            """,
            "true", "false", "true", "true", "false", "true");
    }

    [Fact]
    public void HashValueIsStructuralTypedAndTheSameInEveryRun()
    {
        Prints("""
            println(hash_value([1, 2]) == hash_value([1, 2]))
            println(hash_value({a: 1, b: 2}) == hash_value({b: 2, a: 1}))
            println(hash_value(42) == hash_value("42"))
            println(hash_value(["ab", "c"]) == hash_value(["a", "bc"]))
            println(hash_value("") == hash_value(nil))
            println(type_of(hash_value("é")))
            """,
            "true", "true", "false", "false", "false", "int");

        // FNV-1a over the typed encoding: a fixed number, not a per-process seed.
        Assert.Equal(8498730746462303013, Harn.Stdlib.Identity.HashValue(Value.Nil));
    }

    [Fact]
    public void DeeplyNestedValuesFailCleanly()
    {
        var value = Value.Nil;
        for (var i = 0; i < 600; i++)
        {
            value = L(value);
        }

        Assert.Equal(
            "Runtime error: value is nested more than 512 levels deep",
            Assert.Throws<HarnRuntimeException>(() => Harn.Stdlib.Identity.HashValue(value)).Message);
    }
}
