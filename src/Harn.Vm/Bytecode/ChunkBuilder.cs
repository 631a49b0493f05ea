using Harn.Runtime;

namespace Harn.Bytecode;

/// <summary>
/// Emits one <see cref="Chunk"/>: instructions with their source positions, constants
/// (de-duplicated), forward jumps patched later, and a running estimate of stack depth.
/// </summary>
public sealed class ChunkBuilder
{
    /// <summary>Name-like string constants up to this length are interned.</summary>
    private const int MaxInternedLength = 64;

    private readonly List<int> _code = new();
    private readonly List<int> _lines = new();
    private readonly List<int> _columns = new();
    private readonly Dictionary<(ValueKind, long, string?), int> _constantIndex = new();
    private int _depth;

    public ChunkBuilder(string name, string? sourceFile)
    {
        Name = name;
        SourceFile = sourceFile;
    }

    public string Name { get; }

    public string? SourceFile { get; }

    public List<string> ParamNames { get; } = new();

    public int DefaultStart { get; set; } = -1;

    public bool HasRestParam { get; set; }

    public bool IsGenerator { get; set; }

    public bool IsStream { get; set; }

    internal List<Value> Constants { get; } = new();

    internal List<Chunk> Functions { get; } = new();

    internal List<CaptureSource> Captures { get; } = new();

    internal List<string> SlotNames { get; } = new();

    internal int MaxStack { get; private set; }

    /// <summary>Offset of the next instruction.</summary>
    public int Position => _code.Count;

    /// <summary>Position recorded for the instructions emitted next.</summary>
    public int Line { get; set; }

    public int Column { get; set; }

    public int AddConstant(Value value)
    {
        if (value.Kind == ValueKind.String && IsName(value.AsString))
        {
            // Field names and dict keys written in the source become one string object per
            // process, so the dispatch loop's per-site property caches match them by reference.
            // Only name-like strings: the intern pool lives as long as the process.
            value = Value.FromString(string.Intern(value.AsString));
        }

        var key = (value.Kind, value.Kind == ValueKind.String ? 0 : value.Bits, value.Ref as string);
        if (value.Kind is ValueKind.Int or ValueKind.Float or ValueKind.String or ValueKind.Duration or ValueKind.Bool or ValueKind.Nil)
        {
            if (_constantIndex.TryGetValue(key, out var existing))
            {
                return existing;
            }

            _constantIndex[key] = Constants.Count;
        }

        Constants.Add(value);
        return Constants.Count - 1;
    }

    /// <summary>A short string of letters, digits and underscores: the shape of field names and dict keys.</summary>
    private static bool IsName(string text)
    {
        if (text.Length is 0 or > MaxInternedLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    public int AddString(string text) => AddConstant(Value.FromString(text));

    public int AddFunction(Chunk function)
    {
        Functions.Add(function);
        return Functions.Count - 1;
    }

    public int AddSlot(string name)
    {
        SlotNames.Add(name);
        return SlotNames.Count - 1;
    }

    public void Emit(OpCode op) => EmitRaw(op, ReadOnlySpan<int>.Empty);

    public void Emit(OpCode op, int a) => EmitRaw(op, [a]);

    public void Emit(OpCode op, int a, int b) => EmitRaw(op, [a, b]);

    public void Emit(OpCode op, int a, int b, int c) => EmitRaw(op, [a, b, c]);

    public void Emit(OpCode op, int a, int b, int c, int d) => EmitRaw(op, [a, b, c, d]);

    /// <summary>Emits a forward jump and returns the operand offset to patch.</summary>
    public int EmitJump(OpCode op)
    {
        Emit(op, -1);
        return Position - 1;
    }

    /// <summary>Emits a forward jump whose target follows <paramref name="leading"/> operands; returns the offset to patch.</summary>
    public int EmitJump(OpCode op, ReadOnlySpan<int> leading)
    {
        Span<int> operands = stackalloc int[leading.Length + 1];
        leading.CopyTo(operands);
        operands[^1] = -1;
        EmitRaw(op, operands);
        return Position - 1;
    }

    /// <summary>Points the jump operand at <paramref name="operandOffset"/> to the current position.</summary>
    public void PatchJump(int operandOffset) => _code[operandOffset] = Position;

    public void PatchJumpTo(int operandOffset, int target) => _code[operandOffset] = target;

    /// <summary>The current estimated stack depth; the compiler resets it at join points it knows.</summary>
    public int Depth
    {
        get => _depth;
        set => _depth = value;
    }

    private void EmitRaw(OpCode op, ReadOnlySpan<int> operands)
    {
        var info = OpCodeInfo.Of(op);
        if (operands.Length != info.Operands.Count)
        {
            throw new InvalidOperationException($"{op} takes {info.Operands.Count} operands, got {operands.Length}.");
        }

        Append((int)op);
        foreach (var operand in operands)
        {
            Append(operand);
        }

        _depth += StackEffect(op, operands);
        if (_depth > MaxStack)
        {
            MaxStack = _depth;
        }
    }

    private void Append(int word)
    {
        _code.Add(word);
        _lines.Add(Line);
        _columns.Add(Column);
    }

    private static int StackEffect(OpCode op, ReadOnlySpan<int> operands) => op switch
    {
        OpCode.BuildList or OpCode.Concat => 1 - operands[0],
        OpCode.BuildDict => 1 - (2 * operands[0]),
        OpCode.Call or OpCode.TailCall => -operands[0],
        OpCode.CallBuiltin => 1 - operands[2],
        OpCode.MethodCall or OpCode.MethodCallOpt => -operands[1],
        OpCode.BuildEnum => 1 - operands[2],
        _ => OpCodeInfo.Of(op).StackEffect,
    };

    public Chunk Build() => new(this, _code.ToArray(), _lines.ToArray(), _columns.ToArray());
}
