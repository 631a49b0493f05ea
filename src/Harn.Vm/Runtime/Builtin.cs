namespace Harn.Runtime;

/// <summary>A named builtin; a bare builtin name used as a value is a <see cref="ValueKind.Builtin"/> holding one.</summary>
public sealed class Builtin : IHarnObject
{
    public Builtin(string name, BuiltinFunction function)
    {
        Name = name;
        Function = function;
    }

    /// <summary>A builtin that stands in for <paramref name="appearance"/> (a wrapped function) and shows as it does.</summary>
    public Builtin(string name, BuiltinFunction function, IHarnObject appearance)
        : this(name, function)
    {
        Appearance = appearance;
    }

    public string Name { get; }

    public BuiltinFunction Function { get; }

    /// <summary>What <c>type_of</c> and display show instead of the builtin, when it wraps a function.</summary>
    public IHarnObject? Appearance { get; }

    public string TypeName => Appearance?.TypeName ?? "builtin";

    public string Display() => Appearance?.Display() ?? $"<builtin {Name}>";
}
