using Harn.Hosting;

namespace Harn.PowerShell.Chunks;

/// <summary>
/// A compiled Harn chunk (New-HarnChunk): immutable, so one object can be run any number of
/// times, in any runspace, also concurrently.
/// </summary>
public sealed class HarnChunk
{
    private readonly Lazy<string> _disassembly;

    internal HarnChunk(HarnScript script, string name)
    {
        Script = script;
        Name = name;
        _disassembly = new Lazy<string>(script.Disassemble);
    }

    /// <summary>The file name without extension, or <c>&lt;source&gt;</c>.</summary>
    public string Name { get; }

    /// <summary>Full path of the source file; null for source text.</summary>
    public string? Path => Script.SourcePath;

    /// <summary>The entry pipeline's parameter names, in order (what -ArgumentList binds).</summary>
    public IReadOnlyList<string> Parameters => Script.EntryParameters;

    public string Source => Script.Source;

    /// <summary>A readable listing of the bytecode, made on first use.</summary>
    public string Disassembly => _disassembly.Value;

    internal HarnScript Script { get; }

    public override string ToString() => Path ?? Name;
}
