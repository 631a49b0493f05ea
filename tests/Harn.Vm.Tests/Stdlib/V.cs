using Harn.Runtime;

namespace Harn.Vm.Tests.Stdlib;

/// <summary>Short value constructors for tests.</summary>
internal static class V
{
    public static Value I(long value) => Value.FromInt(value);

    public static Value F(double value) => Value.FromFloat(value);

    public static Value S(string value) => Value.FromString(value);

    public static Value B(bool value) => Value.FromBool(value);

    public static Value L(params Value[] items) => Value.FromList(HarnList.Create(items));

    public static Value Ints(params long[] items) => L(items.Select(I).ToArray());

    public static Value D(params (string Key, Value Value)[] entries) =>
        Value.FromDict(HarnDict.FromEntries(entries.Select(e => new KeyValuePair<string, Value>(e.Key, e.Value))));

    public static string Show(Value value) => ValueFormatter.Display(value);
}
