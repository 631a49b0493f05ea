namespace Harn.Bytecode;

/// <summary>One source file of a program: its top-level chunk and the names of its module-level bindings.</summary>
public sealed class CompiledModule
{
    internal CompiledModule(string? path, Chunk topLevel, string[] globalNames)
    {
        Path = path;
        TopLevel = topLevel;
        GlobalNames = globalNames;
    }

    /// <summary>Full path of the file, or null for source given as a string.</summary>
    public string? Path { get; }

    /// <summary>The module's top level: defines its functions, runs its top-level statements, returns the entry pipeline's value.</summary>
    public Chunk TopLevel { get; }

    public IReadOnlyList<string> GlobalNames { get; }
}
