using System.Globalization;
using System.Text;
using Harn.Runtime;

namespace Harn.Bytecode;

/// <summary>
/// A readable listing of a chunk and, indented below it, its nested functions. One line per
/// instruction: <c>offset line:col OPCODE operands</c>, constants shown by value.
/// </summary>
public static class Disassembler
{
    public static string Disassemble(CompiledProgram program)
    {
        var text = new StringBuilder();
        for (var i = 0; i < program.Modules.Count; i++)
        {
            var module = program.Modules[i];
            text.Append("== module ").Append(i.ToString(CultureInfo.InvariantCulture));
            if (module.Path is not null)
            {
                text.Append(' ').Append(Path.GetFileName(module.Path));
            }

            text.Append(" (globals: ").Append(string.Join(", ", module.GlobalNames)).Append(")\n");
            Disassemble(module.TopLevel, text, 0);
        }

        return text.ToString();
    }

    public static string Disassemble(Chunk chunk)
    {
        var text = new StringBuilder();
        Disassemble(chunk, text, 0);
        return text.ToString();
    }

    private static void Disassemble(Chunk chunk, StringBuilder text, int indent)
    {
        var pad = new string(' ', indent);
        text.Append(pad).Append("fn ").Append(chunk.Name.Length == 0 ? "<top>" : chunk.Name)
            .Append('(').Append(string.Join(", ", chunk.ParamNames)).Append(')');
        if (chunk.Captures.Length > 0)
        {
            text.Append(" captures [").Append(string.Join(", ", chunk.Captures.Select(c => (c.FromLocal ? "local " : "up ") + c.Index.ToString(CultureInfo.InvariantCulture) + " " + c.Name))).Append(']');
        }

        text.Append('\n');
        var offset = 0;
        while (offset < chunk.Code.Length)
        {
            text.Append(pad);
            offset = DisassembleInstruction(chunk, offset, text);
            text.Append('\n');
        }

        foreach (var function in chunk.Functions)
        {
            Disassemble(function, text, indent + 2);
        }
    }

    /// <summary>Appends one instruction and returns the offset of the next.</summary>
    public static int DisassembleInstruction(Chunk chunk, int offset, StringBuilder text)
    {
        var op = (OpCode)chunk.Code[offset];
        text.Append(offset.ToString("D4", CultureInfo.InvariantCulture)).Append(' ')
            .Append(chunk.Lines[offset].ToString(CultureInfo.InvariantCulture)).Append(':')
            .Append(chunk.Columns[offset].ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(op.ToString());
        if (!OpCodeInfo.TryGet(op, out var info))
        {
            return offset + 1;
        }

        for (var i = 0; i < info.Operands.Count; i++)
        {
            text.Append(' ').Append(FormatOperand(chunk, info.Operands[i], chunk.Code[offset + 1 + i]));
        }

        return offset + info.Size;
    }

    private static string FormatOperand(Chunk chunk, OperandKind kind, int operand) => kind switch
    {
        OperandKind.Constant => FormatConstant(chunk.Constants[operand]),
        OperandKind.Slot => $"${operand.ToString(CultureInfo.InvariantCulture)}({chunk.SlotNames[operand].Trim()})",
        OperandKind.Upvalue => $"^{operand.ToString(CultureInfo.InvariantCulture)}({chunk.Captures[operand].Name})",
        OperandKind.Global => "g" + operand.ToString(CultureInfo.InvariantCulture),
        OperandKind.Jump => "->" + operand.ToString("D4", CultureInfo.InvariantCulture),
        OperandKind.Function => "fn#" + operand.ToString(CultureInfo.InvariantCulture) + "(" + chunk.Functions[operand].Name + ")",
        OperandKind.Module => "m" + operand.ToString(CultureInfo.InvariantCulture),
        OperandKind.ErrorKind => ((ErrorKind)operand).ToString(),
        OperandKind.Builtin => "b" + operand.ToString(CultureInfo.InvariantCulture),
        OperandKind.Test => ComparisonTest.Format(operand),
        _ => operand.ToString(CultureInfo.InvariantCulture),
    };

    private static string FormatConstant(Value value) => value.Kind switch
    {
        ValueKind.String => "\"" + value.AsString.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"",
        ValueKind.Int => value.AsInt.ToString(CultureInfo.InvariantCulture),
        ValueKind.Float => value.AsFloat.ToString("R", CultureInfo.InvariantCulture),
        ValueKind.Duration => value.AsDurationMs.ToString(CultureInfo.InvariantCulture) + "ms",
        _ => ValueFormatter.Display(value),
    };
}
