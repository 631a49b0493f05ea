namespace Harn.Bytecode;

/// <summary>A program: the entry module (index 0) and every module it imports, directly or not.</summary>
public sealed class CompiledProgram
{
    internal CompiledProgram(CompiledModule[] modules, IReadOnlyList<string> entryParameters, string[] runtimeNames)
    {
        Modules = modules;
        EntryParameters = entryParameters;
        RuntimeNames = runtimeNames;
    }

    public IReadOnlyList<CompiledModule> Modules { get; }

    public CompiledModule Entry => Modules[0];

    /// <summary>Parameter names of the entry pipeline; the host binds them by name.</summary>
    public IReadOnlyList<string> EntryParameters { get; }

    /// <summary>Names resolved at run time (builtins), indexed by the <see cref="OperandKind.Builtin"/> operands.</summary>
    public IReadOnlyList<string> RuntimeNames { get; }
}
