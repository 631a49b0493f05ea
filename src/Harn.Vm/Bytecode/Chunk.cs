using Harn.Runtime;

namespace Harn.Bytecode;

/// <summary>
/// One compiled function body (a fn, closure, pipeline or module top level). Immutable once
/// built, so one chunk can be run by many VMs on many threads at once.
/// </summary>
public sealed class Chunk
{
    internal Chunk(ChunkBuilder builder, int[] code, int[] lines, int[] columns)
    {
        Name = builder.Name;
        SourceFile = builder.SourceFile;
        ParamNames = builder.ParamNames.ToArray();
        DefaultStart = builder.DefaultStart;
        HasRestParam = builder.HasRestParam;
        IsGenerator = builder.IsGenerator;
        IsStream = builder.IsStream;
        Code = code;
        Lines = lines;
        Columns = columns;
        Constants = builder.Constants.ToArray();
        Functions = builder.Functions.ToArray();
        Captures = builder.Captures.ToArray();
        SlotNames = builder.SlotNames.ToArray();
        SlotCount = builder.SlotNames.Count;
        MaxStack = builder.MaxStack;
        ParamCount = builder.ParamNames.Count;
        FrameSize = SlotCount + MaxStack + FrameHeadroom;
        PropertyHints = new int[code.Length];
    }

    /// <summary>Function name (<c>&lt;closure&gt;</c> for literals, <c>Type.method</c> for impl methods, "" for a module top level).</summary>
    public string Name { get; }

    public string? SourceFile { get; }

    /// <summary>Parameter names in order; the rest parameter, if any, is last.</summary>
    public IReadOnlyList<string> ParamNames { get; }

    /// <summary>Index of the first parameter with a default, or -1.</summary>
    public int DefaultStart { get; }

    public bool HasRestParam { get; }

    /// <summary>The body yields: calling it makes a generator instead of running it.</summary>
    public bool IsGenerator { get; }

    /// <summary>Declared with <c>gen fn</c>: calling it makes a stream.</summary>
    public bool IsStream { get; }

    internal int[] Code { get; }

    /// <summary>Source line of each code word (0 = compiler scaffolding).</summary>
    internal int[] Lines { get; }

    internal int[] Columns { get; }

    internal Value[] Constants { get; }

    /// <summary>
    /// Per-site memory of property reads, indexed by the instruction's offset: where the key was
    /// found last time. Only a hint (every use checks it), so racing writes from VMs sharing this
    /// chunk are harmless.
    /// </summary>
    internal int[] PropertyHints { get; }

    internal Chunk[] Functions { get; }

    /// <summary>How each captured cell of a closure over this chunk is found when the closure is created.</summary>
    internal CaptureSource[] Captures { get; }

    /// <summary>Debug names of the local slots (hidden temporaries start with a space).</summary>
    internal string[] SlotNames { get; }

    internal int SlotCount { get; }

    /// <summary>Upper bound of operand-stack growth above the slots.</summary>
    internal int MaxStack { get; }

    /// <summary>Stack values a call reserves beyond the slots and <see cref="MaxStack"/>.</summary>
    internal const int FrameHeadroom = 8;

    internal int ParamCount { get; }

    /// <summary>Stack values a frame of this chunk may use from its base: slots, operands, headroom.</summary>
    internal int FrameSize { get; }

    public int CodeLength => Code.Length;

    public int LineAt(int offset) => offset >= 0 && offset < Lines.Length ? Lines[offset] : 0;

    public int ColumnAt(int offset) => offset >= 0 && offset < Columns.Length ? Columns[offset] : 0;
}

/// <summary>Where a closure's captured cell comes from: a (boxed) local slot of the creating frame, or one of its own captures.</summary>
internal readonly record struct CaptureSource(bool FromLocal, int Index, string Name);
