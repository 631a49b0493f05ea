namespace Harn.Hosting;

/// <summary>
/// A compiled Harn program: immutable, so one script can be run many times, by many VMs at once.
/// </summary>
public sealed class HarnScript
{
    private HarnScript(string source, string? path)
    {
        Source = source;
        SourcePath = path;
    }

    public string Source { get; }

    /// <summary>Full path of the source file, or null for source given as a string.</summary>
    public string? SourcePath { get; }

    /// <summary>Lexes, parses and compiles <paramref name="source"/>; throws <see cref="HarnCompileException"/>.</summary>
    public static HarnScript Compile(string source, string? path = null)
    {
        throw new NotImplementedException();
    }

    /// <summary>A readable listing of the bytecode.</summary>
    public string Disassemble() => throw new NotImplementedException();
}
