using Harn.Bytecode;

namespace Harn.Runtime;

/// <summary>A module as one VM runs it: its mutable globals and whether its top level has run.</summary>
internal sealed class VmModule
{
    /// <summary>Marks a global that has not been assigned yet (reading it is an undefined-variable error).</summary>
    public static readonly object Unset = new UnsetGlobal();

    public VmModule(CompiledModule compiled)
    {
        Compiled = compiled;
        Globals = new Value[compiled.GlobalNames.Count];
        Array.Fill(Globals, Value.FromObject(ValueKind.Object, Unset));
    }

    public CompiledModule Compiled { get; }

    public Value[] Globals { get; }

    public bool Started { get; set; }

    private sealed class UnsetGlobal : IHarnObject
    {
        public string TypeName => "nil";

        public string Display() => "nil";
    }
}
