namespace Harn.Compiler;

/// <summary>What every function of one module compiles against: its globals and the types it declares.</summary>
internal sealed class ModuleContext
{
    public ModuleContext(ProgramCompiler program, string? sourceFile)
    {
        Program = program;
        SourceFile = sourceFile;
        EnumNames.Add("Result");
    }

    public ProgramCompiler Program { get; }

    public string? SourceFile { get; }

    public List<string> GlobalNames { get; } = new();

    public List<bool> GlobalMutable { get; } = new();

    public Dictionary<string, int> Globals { get; } = new(StringComparer.Ordinal);

    /// <summary>Names of the variables an element or property update may change in place (<see cref="InPlaceUpdates"/>).</summary>
    public HashSet<string> UpdatedInPlace { get; set; } = new(StringComparer.Ordinal);

    public HashSet<string> EnumNames { get; } = new(StringComparer.Ordinal);

    /// <summary>Type aliases (<c>type Name = T</c>), lowered to schemas where a schema is asked for.</summary>
    public Dictionary<string, Syntax.TypeExpr> TypeAliases { get; } = new(StringComparer.Ordinal);

    /// <summary>Declared struct layouts: name → field names in declaration order.</summary>
    public Dictionary<string, string[]> Structs { get; } = new(StringComparer.Ordinal);

    /// <summary>The global for <paramref name="name"/>, created on first declaration.</summary>
    public int DeclareGlobal(string name, bool mutable)
    {
        if (Globals.TryGetValue(name, out var index))
        {
            GlobalMutable[index] |= mutable;
            return index;
        }

        index = GlobalNames.Count;
        GlobalNames.Add(name);
        GlobalMutable.Add(mutable);
        Globals[name] = index;
        return index;
    }
}
