using Harn.Runtime;
using Harn.Stdlib;
using Xunit;
using static Harn.Vm.Tests.Stdlib.V;

namespace Harn.Vm.Tests.Stdlib;

public class MethodTests
{
    private readonly TestBuiltinContext _ctx = new();

    private string M(Value receiver, string name, params Value[] args) => Show(_ctx.Method(receiver, name, args));

    [Fact]
    public void String_methods()
    {
        Assert.Equal("6", M(S("hello world"), "index_of", S("world")));
        Assert.Equal("14", M(S("src/lib/utils/lib.rs"), "last_index_of", S("lib")));
        Assert.Equal("[a, b, c]", M(S("abc"), "chars"));
        Assert.Equal("olleh", M(S("hello"), "reverse"));
        Assert.Equal("   hi", M(S("hi"), "pad_left", I(5)));
        Assert.Equal("hi...", M(S("hi"), "pad_right", I(5), S(".")));
        Assert.Equal("el", M(S("hello"), "substring", I(1), I(3)));
        Assert.Equal("[line1, line2]", M(S("line1\nline2\n"), "lines"));
        Assert.Equal("nil", M(S("hello"), "char_at", I(99)));
        Assert.Equal("[a, b, c]", M(S("a🔥b🔥c"), "split", S("🔥")));
        Assert.Equal("mixed", M(S("MiXeD"), "lower"));
        Assert.Equal("nil", M(S("x"), "no_such_method"));
    }

    [Fact]
    public void List_methods()
    {
        var nums = Ints(1, 2, 3, 4, 5, 6, 7, 8);
        var isEven = TestBuiltinContext.Fn(x => B(x.AsInt % 2 == 0));
        Assert.Equal("[[2, 4, 6, 8], [1, 3, 5, 7]]", M(nums, "partition", isEven));
        Assert.Equal("{false: [1, 3, 5, 7], true: [2, 4, 6, 8]}", M(nums, "group_by", isEven));
        Assert.Equal("[[1, 2], [3, 4], [5]]", M(Ints(1, 2, 3, 4, 5), "chunk", I(2)));
        Assert.Equal("[[1, 2], [2, 3], [3, 4]]", M(Ints(1, 2, 3, 4), "each_cons", I(2)));
        Assert.Equal("[]", M(L(S("a"), S("b"), S("c")), "window", I(4)));
        Assert.Equal("{a: 3, b: 2, c: 1}", M(L(S("a"), S("b"), S("a"), S("c"), S("b"), S("a")), "tally"));
        Assert.Equal("[1, 1, 3, 4, 5, 9]", M(Ints(3, 1, 4, 1, 5, 9), "sort"));
        Assert.Equal("[1, 1, true]", M(L(I(1), S("1"), B(true)), "unique"));
        Assert.Equal("[7, 8]", M(nums, "last", I(2)));
        Assert.Equal("3", M(nums, "find_index", TestBuiltinContext.Fn(x => B(x.AsInt > 3))));
        Assert.Equal("10", M(Ints(1, 2, 3, 4), "reduce", I(0), TestBuiltinContext.Fn2((a, b) => I(a.AsInt + b.AsInt))));
        Assert.Equal("[1, 2]", M(Ints(1, 2, 3), "pop"));
        Assert.Equal("1, 2, 3", M(Ints(1, 2, 3), "join", S(", ")));
        Assert.Equal("[{index: 0, value: a}]", M(L(S("a")), "enumerate"));
        Assert.Equal("6.5", M(L(I(1), F(2.5), I(3)), "sum"));
        Assert.Equal("hi", M(L(S("hello"), S("hi"), S("hey")), "min_by", TestBuiltinContext.Fn(w => I(w.AsString.Length))));
    }

    [Fact]
    public void Sort_by_is_stable()
    {
        var words = L(S("bb"), S("a"), S("cc"), S("d"));
        Assert.Equal("[a, d, bb, cc]", M(words, "sort_by", TestBuiltinContext.Fn(w => I(w.AsString.Length))));
    }

    [Fact]
    public void Dict_methods_and_callable_members()
    {
        var d = D(("a", I(1)), ("b", I(2)), ("c", I(3)));
        Assert.Equal("[a, b, c]", M(d, "keys"));
        Assert.Equal("[{key: a, value: 1}, {key: b, value: 2}, {key: c, value: 3}]", M(d, "entries"));
        Assert.Equal("{b: 2, c: 3}", M(d, "filter", TestBuiltinContext.Fn(v => B(v.AsInt > 1))));
        Assert.Equal("{a: 2, b: 4, c: 6}", M(d, "map_values", TestBuiltinContext.Fn(v => I(v.AsInt * 2))));
        Assert.Equal("default", M(d, "get", S("z"), S("default")));
        Assert.Equal("{a: 1, c: 3}", M(d, "remove", S("b")));
        Assert.Equal("{same: 2}", M(D(("aa", I(1)), ("bb", I(2))), "rekey", TestBuiltinContext.Fn(_ => S("same"))));
        var obj = D(("handler", TestBuiltinContext.Fn(x => I(x.AsInt + 1))));
        Assert.Equal("42", M(obj, "handler", I(41)));
        Assert.Equal("nil", M(d, "nope"));
    }

    [Fact]
    public void Set_and_range_methods()
    {
        var a = _ctx.Call("set", Ints(1, 2, 3, 4));
        var b = _ctx.Call("set", Ints(3, 4, 5, 6));
        Assert.Equal("set(1, 2, 5, 6)", M(a, "symmetric_difference", b));
        Assert.Equal("true", M(_ctx.Call("set", Ints(2, 3)), "is_subset", a));
        Assert.Equal("set(2, 4, 6)", M(_ctx.Call("set", Ints(1, 2, 3)), "map", TestBuiltinContext.Fn(x => I(x.AsInt * 2))));
        var range = HarnRange.Create(1, 10_000_000, true);
        Assert.Equal("10000000", M(range, "len"));
        Assert.Equal("[2, 4, 6]", Show(_ctx.Method(_ctx.Method(_ctx.Method(range, "filter", TestBuiltinContext.Fn(x => B(x.AsInt % 2 == 0))), "take", I(3)), "to_list")));
        Assert.Equal("nil", M(HarnRange.Create(5, 1, true), "first"));
        Assert.Equal("4", M(HarnRange.Create(0, 5, false), "last"));
        Assert.Equal("55", M(HarnRange.Create(1, 10, true), "sum"));
    }

    [Fact]
    public void Iters_are_lazy_single_pass_and_fused()
    {
        var it = _ctx.Call("iter", Ints(1, 2, 3));
        Assert.Equal("<iter>", Show(it));
        Assert.Equal("[1, 2, 3]", M(it, "to_list"));
        Assert.Equal("<iter (exhausted)>", Show(it));
        Assert.Equal("[]", M(it, "to_list"));

        var mapped = _ctx.Method(_ctx.Call("iter", Ints(1, 2, 3, 4)), "map", TestBuiltinContext.Fn(x => I(x.AsInt * 10)));
        Assert.Equal("[10, 20]", Show(_ctx.Method(_ctx.Method(mapped, "take", I(2)), "to_list")));
        Assert.Equal("[30, 40]", M(mapped, "to_list"));

        Assert.Equal("[[1, 2], [3, 4], [5]]", M(_ctx.Method(_ctx.Call("iter", Ints(1, 2, 3, 4, 5)), "chunks", I(2)), "to_list"));
        Assert.Equal("[[1, 2, 3], [2, 3, 4]]", M(_ctx.Method(_ctx.Call("iter", Ints(1, 2, 3, 4)), "windows", I(3)), "to_list"));
        Assert.Equal("[(0, a), (1, b)]", M(_ctx.Method(_ctx.Call("iter", L(S("a"), S("b"))), "enumerate"), "to_list"));
        Assert.Equal("[(a, 1), (b, 2)]", M(_ctx.Call("iter", D(("b", I(2)), ("a", I(1)))), "to_list"));
        Assert.Equal("[(1, 10), (2, 20)]", M(_ctx.Method(HarnRange.Create(1, 1_000_000, true), "zip", Ints(10, 20)), "to_list"));
        Assert.Equal("set(1, 2, 3)", M(_ctx.Call("iter", Ints(1, 1, 2, 2, 3)), "to_set"));
        Assert.Equal("Type error: iter: value of type int is not iterable", Assert.Throws<HarnRuntimeException>(() => _ctx.Call("iter", I(1))).Message);
    }

    [Fact]
    public void For_loops_see_dict_entries_and_skip_strings()
    {
        var items = new List<string>();
        var iterator = HarnIterator.Create(D(("a", I(1)), ("b", I(2))));
        while (iterator.MoveNext(_ctx, out var item))
        {
            items.Add(Show(item));
        }

        Assert.Equal(["{key: a, value: 1}", "{key: b, value: 2}"], items);
        Assert.False(HarnIterator.Create(S("abc")).MoveNext(_ctx, out _));
    }

    [Fact]
    public void Properties()
    {
        Assert.Equal("3", Show(PropertyAccess.Get(Ints(1, 2, 3), "count")));
        Assert.Equal("3", Show(PropertyAccess.Get(Ints(1, 2, 3), "last")));
        Assert.Equal("nil", Show(PropertyAccess.Get(D(("a", I(1))), "count")));
        Assert.Equal("Ok", Show(PropertyAccess.Get(HarnEnumVariant.Ok(I(1)), "variant")));
        Assert.Equal("[1]", Show(PropertyAccess.Get(HarnEnumVariant.Ok(I(1)), "fields")));
        Assert.Equal("Type error: cannot access property `x` on nil", Assert.Throws<HarnRuntimeException>(() => PropertyAccess.Get(Value.Nil, "x")).Message);
        Assert.Equal(
            "Type error: cannot access property `third` on pair (expected `first` or `second`)",
            Assert.Throws<HarnRuntimeException>(() => PropertyAccess.Get(HarnPair.Create(I(1), I(2)), "third")).Message);
        Assert.Equal("nil", Show(PropertyAccess.Get(Value.Nil, "x", optional: true)));
    }
}
