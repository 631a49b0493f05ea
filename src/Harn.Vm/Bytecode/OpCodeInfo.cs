using System.Collections.Frozen;

namespace Harn.Bytecode;

/// <summary>
/// Operand layout of each opcode: the single table the emitter, the disassembler and the tests
/// agree on. <see cref="StackEffect"/> is the net change for fixed-effect opcodes; variable-effect
/// ones (calls, builders) are computed by <see cref="ChunkBuilder"/> from their count operand.
/// </summary>
public sealed class OpCodeInfo
{
    private static readonly OperandKind[] None = [];

    private static readonly FrozenDictionary<OpCode, OpCodeInfo> Table = Build();

    private OpCodeInfo(OpCode op, int stackEffect, OperandKind[] operands)
    {
        OpCode = op;
        StackEffect = stackEffect;
        Operands = operands;
    }

    public OpCode OpCode { get; }

    /// <summary>Net operand-stack change (ignoring count-dependent parts).</summary>
    public int StackEffect { get; }

    public IReadOnlyList<OperandKind> Operands { get; }

    /// <summary>Instruction length in code words (opcode plus operands).</summary>
    public int Size => 1 + Operands.Count;

    public static OpCodeInfo Of(OpCode op) => Table[op];

    public static bool TryGet(OpCode op, out OpCodeInfo info) => Table.TryGetValue(op, out info!);

    private static FrozenDictionary<OpCode, OpCodeInfo> Build()
    {
        const OperandKind K = OperandKind.Constant;
        const OperandKind S = OperandKind.Slot;
        const OperandKind J = OperandKind.Jump;
        const OperandKind N = OperandKind.Count;
        var table = new Dictionary<OpCode, OpCodeInfo>();
        void Add(OpCode op, int effect, params OperandKind[] operands) =>
            table.Add(op, new OpCodeInfo(op, effect, operands.Length == 0 ? None : operands));

        Add(OpCode.Constant, 1, K);
        Add(OpCode.Nil, 1);
        Add(OpCode.True, 1);
        Add(OpCode.False, 1);
        Add(OpCode.Pop, -1);
        Add(OpCode.Dup, 1);
        Add(OpCode.Swap, 0);
        Add(OpCode.GetLocal, 1, S);
        Add(OpCode.SetLocal, -1, S);
        Add(OpCode.GetCell, 1, S);
        Add(OpCode.SetCell, -1, S);
        Add(OpCode.NewCell, -1, S);
        Add(OpCode.GetUpvalue, 1, OperandKind.Upvalue);
        Add(OpCode.SetUpvalue, -1, OperandKind.Upvalue);
        Add(OpCode.GetGlobal, 1, OperandKind.Global);
        Add(OpCode.SetGlobal, -1, OperandKind.Global);
        Add(OpCode.GetName, 1, K, OperandKind.Builtin);
        Add(OpCode.Raise, 0, OperandKind.ErrorKind, K);
        foreach (var op in new[]
                 {
                     OpCode.Add, OpCode.Subtract, OpCode.Multiply, OpCode.Divide, OpCode.Modulo, OpCode.Power,
                     OpCode.Equal, OpCode.NotEqual, OpCode.Less, OpCode.Greater, OpCode.LessEqual,
                     OpCode.GreaterEqual, OpCode.Contains, OpCode.Subscript, OpCode.SubscriptOpt,
                     OpCode.ExtendList, OpCode.ExtendDict,
                 })
        {
            Add(op, -1);
        }

        Add(OpCode.Negate, 0);
        Add(OpCode.Not, 0);
        Add(OpCode.ToBool, 0);
        Add(OpCode.Jump, 0, J);
        Add(OpCode.JumpIfFalse, -1, J);
        Add(OpCode.JumpIfTrue, -1, J);
        Add(OpCode.JumpIfFalseKeep, -1, J);
        Add(OpCode.JumpIfTrueKeep, -1, J);
        Add(OpCode.JumpIfNotNilKeep, -1, J);
        Add(OpCode.JumpIfNil, 0, J);
        Add(OpCode.BuildList, 1, N);
        Add(OpCode.BuildDict, 1, N);
        Add(OpCode.Concat, 1, N);
        Add(OpCode.GetProperty, 0, K);
        Add(OpCode.GetPropertyOpt, 0, K);
        Add(OpCode.Slice, -2);
        Add(OpCode.PutProperty, -1, K);
        Add(OpCode.PutIndex, -2);
        Add(OpCode.PutIndexOwned, -2);
        Add(OpCode.AddOwned, -1);
        Add(OpCode.PutPropertyOwned, -1, K);
        Add(OpCode.GetLocalShared, 1, S);
        Add(OpCode.GetGlobalShared, 1, OperandKind.Global);
        Add(OpCode.Call, 0, N);
        Add(OpCode.TailCall, 0, N);
        Add(OpCode.CallSpread, -1);
        Add(OpCode.CallBuiltin, 1, K, OperandKind.Builtin, N);
        Add(OpCode.CallBuiltinSpread, 0, K, OperandKind.Builtin);
        Add(OpCode.MethodCall, 0, K, N);
        Add(OpCode.MethodCallOpt, 0, K, N);
        Add(OpCode.MethodCallSpread, -1, K);
        Add(OpCode.Return, -1);
        Add(OpCode.Closure, 1, OperandKind.Function);
        Add(OpCode.IterInit, -1, S);
        Add(OpCode.IterNext, 1, S, J);
        Add(OpCode.TryBegin, 0, J, K);
        Add(OpCode.TryFinally, 0, J);
        Add(OpCode.TryEnd, 0);
        Add(OpCode.Throw, -1);
        Add(OpCode.Rethrow, -1);
        Add(OpCode.TryUnwrap, 0);
        Add(OpCode.WrapOk, 0);
        Add(OpCode.WrapErr, 0);
        Add(OpCode.BuildEnum, 1, K, K, N);
        Add(OpCode.IsVariant, 1, K, K);
        Add(OpCode.IsType, 1, K);
        Add(OpCode.IsListAtLeast, 1, N);
        Add(OpCode.DefineImpl, -1, K);
        Add(OpCode.Yield, 0);
        Add(OpCode.ImportModule, 1, OperandKind.Module);
        Add(OpCode.GetModuleGlobal, 1, OperandKind.Module, OperandKind.Global);
        Add(OpCode.GetArgCount, 1);
        Add(OpCode.DeadlineBegin, -1);
        Add(OpCode.DeadlineEnd, 0);
        const OperandKind T = OperandKind.Test;
        Add(OpCode.CompareJump, -2, T, J);
        Add(OpCode.CompareConstJump, -1, K, T, J);
        Add(OpCode.CompareLocalConstJump, 0, S, K, T, J);
        Add(OpCode.AddConst, 0, K);
        Add(OpCode.SubtractConst, 0, K);
        Add(OpCode.MultiplyConst, 0, K);
        Add(OpCode.ModuloConst, 0, K);
        Add(OpCode.AddLocal, 0, S);
        Add(OpCode.AddConstToLocal, 0, S, K);
        Add(OpCode.SubtractConstFromLocal, 0, S, K);
        Add(OpCode.AddLocalToLocal, 0, S, S);
        Add(OpCode.IterNextLocal, 0, S, S, J);
        Add(OpCode.GetLocalProperty, 1, S, K);
        Add(OpCode.LoopNext, 2, S, J);
        Add(OpCode.LoopCollectNext, 1, S, J, J);
        Add(OpCode.LoopResult, 1, S);
        return table.ToFrozenDictionary();
    }
}
