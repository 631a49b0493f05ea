namespace Harn.Runtime;

/// <summary>A named builtin; a bare builtin name used as a value is a <see cref="ValueKind.Builtin"/> holding one.</summary>
public sealed class Builtin : IHarnObject
{
    public Builtin(string name, BuiltinFunction function)
    {
        Name = name;
        Function = function;
    }

    public string Name { get; }

    public BuiltinFunction Function { get; }

    public string TypeName => "builtin";

    public string Display() => $"<builtin {Name}>";
}
