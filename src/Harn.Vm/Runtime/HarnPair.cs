namespace Harn.Runtime;

/// <summary>A two-element value (<c>pair(a, b)</c>, dict iteration items, <c>enumerate</c>/<c>zip</c> items).</summary>
public sealed class HarnPair : IHarnObject
{
    public HarnPair(Value first, Value second)
    {
        First = first;
        Second = second;
    }

    public Value First { get; }

    public Value Second { get; }

    public string TypeName => "pair";

    public string Display() => ValueFormatter.Display(Value.FromObject(ValueKind.Pair, this));

    public static Value Create(Value first, Value second) => Value.FromObject(ValueKind.Pair, new HarnPair(first, second));
}
