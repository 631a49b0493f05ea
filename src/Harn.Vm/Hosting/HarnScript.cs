using Harn.Bytecode;
using Harn.Compiler;

namespace Harn.Hosting;

/// <summary>
/// A compiled Harn program: immutable, so one script can be run many times, by many VMs at once.
/// </summary>
public sealed class HarnScript
{
    private HarnScript(string source, string? path, CompiledProgram program)
    {
        Source = source;
        SourcePath = path;
        Program = program;
    }

    public string Source { get; }

    /// <summary>Full path of the source file, or null for source given as a string.</summary>
    public string? SourcePath { get; }

    /// <summary>The bytecode of the program and of every module it imports.</summary>
    public CompiledProgram Program { get; }

    /// <summary>Parameter names of the entry pipeline, bound by name from <see cref="HarnRunOptions.Arguments"/>.</summary>
    public IReadOnlyList<string> EntryParameters => Program.EntryParameters;

    /// <summary>Lexes, parses and compiles <paramref name="source"/>; throws <see cref="HarnCompileException"/>.</summary>
    public static HarnScript Compile(string source, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var fullPath = path is null ? null : Path.GetFullPath(path);
        var compiler = new ProgramCompiler();
        var program = compiler.Compile(source, fullPath);
        if (program is null)
        {
            throw new HarnCompileException(compiler.Diagnostics);
        }

        return new HarnScript(source, fullPath, program);
    }

    /// <summary>A readable listing of the bytecode.</summary>
    public string Disassemble() => Disassembler.Disassemble(Program);
}
