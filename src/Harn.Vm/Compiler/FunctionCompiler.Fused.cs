using Harn.Bytecode;
using Harn.Runtime;
using Harn.Syntax;

namespace Harn.Compiler;

/// <summary>
/// Fused instructions for the shapes hot loops are made of: conditions that branch on a
/// comparison, arithmetic with a constant or a local operand, and a local updated by a constant.
/// Each replaces a sequence with the same meaning (and the same errors at the same position).
/// </summary>
internal sealed partial class FunctionCompiler
{
    /// <summary>Deeper <c>&amp;&amp;</c>/<c>||</c>/<c>!</c> nesting in a condition is compiled as a plain value test.</summary>
    private const int MaxFusedConditionNesting = 32;

    /// <summary>
    /// Compiles <paramref name="condition"/> as a branch: the returned jumps (to patch) are taken
    /// when its truthiness equals <paramref name="jumpWhen"/>; otherwise control falls through.
    /// Nothing is left on the stack either way.
    /// </summary>
    private List<int> CompileConditionJump(Expr condition, bool jumpWhen)
    {
        var jumps = new List<int>();
        EmitConditionJump(condition, jumpWhen, jumps, 0);
        return jumps;
    }

    private void PatchJumps(List<int> jumps)
    {
        foreach (var jump in jumps)
        {
            _chunk.PatchJump(jump);
        }
    }

    private void EmitConditionJump(Expr condition, bool jumpWhen, List<int> jumps, int nesting)
    {
        if (nesting < MaxFusedConditionNesting)
        {
            switch (condition)
            {
                case BinaryExpr { Op: BinaryOp.And or BinaryOp.Or } logical:
                    {
                        // The left side alone decides `a && b` when false and `a || b` when true.
                        var decidingValue = logical.Op == BinaryOp.Or;
                        if (jumpWhen == decidingValue)
                        {
                            EmitConditionJump(logical.Left, jumpWhen, jumps, nesting + 1);
                            EmitConditionJump(logical.Right, jumpWhen, jumps, nesting + 1);
                            return;
                        }

                        var decided = new List<int>();
                        EmitConditionJump(logical.Left, decidingValue, decided, nesting + 1);
                        EmitConditionJump(logical.Right, jumpWhen, jumps, nesting + 1);
                        PatchJumps(decided);
                        return;
                    }

                case UnaryExpr { Op: UnaryOp.Not } not:
                    EmitConditionJump(not.Operand, !jumpWhen, jumps, nesting + 1);
                    return;
                case BinaryExpr binary when ComparisonOf(binary.Op) is { } comparison:
                    EmitCompareJump(binary, comparison, jumpWhen, jumps);
                    return;
            }
        }

        CompileExpr(condition);
        jumps.Add(_chunk.EmitJump(jumpWhen ? OpCode.JumpIfTrue : OpCode.JumpIfFalse));
    }

    private static Comparison? ComparisonOf(BinaryOp op) => op switch
    {
        BinaryOp.Less => Comparison.Less,
        BinaryOp.LessEqual => Comparison.LessEqual,
        BinaryOp.Greater => Comparison.Greater,
        BinaryOp.GreaterEqual => Comparison.GreaterEqual,
        BinaryOp.Equal => Comparison.Equal,
        BinaryOp.NotEqual => Comparison.NotEqual,
        _ => null,
    };

    private void EmitCompareJump(BinaryExpr binary, Comparison comparison, bool jumpWhen, List<int> jumps)
    {
        var test = ComparisonTest.Encode(comparison, jumpWhen);
        if (binary.Right is IntLiteral literal)
        {
            var constant = _chunk.AddConstant(Value.FromInt(literal.Value));
            if (TryPlainLocal(binary.Left, out var slot))
            {
                SetPosition(binary.Span);
                jumps.Add(_chunk.EmitJump(OpCode.CompareLocalConstJump, [slot, constant, test]));
                return;
            }

            CompileExpr(binary.Left);
            SetPosition(binary.Span);
            jumps.Add(_chunk.EmitJump(OpCode.CompareConstJump, [constant, test]));
            return;
        }

        CompileExpr(binary.Left);
        CompileExpr(binary.Right);
        SetPosition(binary.Span);
        jumps.Add(_chunk.EmitJump(OpCode.CompareJump, [test]));
    }

    /// <summary>An <c>if</c> whose value nobody uses: no nil pushed for a missing branch, nothing to pop.</summary>
    private void CompileIfStatement(IfExpr ifExpr)
    {
        var otherwise = CompileConditionJump(ifExpr.Condition, jumpWhen: false);
        var depth = _chunk.Depth;
        CompileBlock(ifExpr.Then, wantValue: false);
        if (ifExpr.ElseIf is null && ifExpr.Else is null)
        {
            PatchJumps(otherwise);
            return;
        }

        var end = _chunk.EmitJump(OpCode.Jump);
        PatchJumps(otherwise);
        _chunk.Depth = depth;
        if (ifExpr.ElseIf is not null)
        {
            CompileIfStatement(ifExpr.ElseIf);
        }
        else
        {
            CompileBlock(ifExpr.Else!, wantValue: false);
        }

        _chunk.PatchJump(end);
    }

    /// <summary>The right operand of a chain link as part of a fused instruction: an int literal, or a plain local added.</summary>
    private bool TryEmitFusedOperand(BinaryExpr binary)
    {
        if (binary.Right is IntLiteral literal)
        {
            OpCode? fused = binary.Op switch
            {
                BinaryOp.Add => OpCode.AddConst,
                BinaryOp.Subtract => OpCode.SubtractConst,
                BinaryOp.Multiply => OpCode.MultiplyConst,
                BinaryOp.Modulo => OpCode.ModuloConst,
                _ => null,
            };
            if (fused is { } op)
            {
                var constant = _chunk.AddConstant(Value.FromInt(literal.Value));
                SetPosition(binary.Span);
                Emit(op, constant);
                return true;
            }
        }

        // A fused read of a local that may own its collection could hand it on unreleased
        // (`[] + xs` is xs), so such a local is read with GetLocalShared instead.
        if (binary.Op == BinaryOp.Add && TryPlainLocal(binary.Right, out var slot) && !MayOwnCollection(binary.Right))
        {
            SetPosition(binary.Span);
            Emit(OpCode.AddLocal, slot);
            return true;
        }

        return false;
    }

    /// <summary><c>x += 1</c>, <c>x = x - 2</c>, <c>x = x + y</c>: a plain mutable local updated by an int literal or another local, in place.</summary>
    private bool TryCompileLocalUpdate(AssignStmt assignment)
    {
        if (assignment.Target is not Identifier target || !TryPlainLocal(target, out var slot) || !Resolve(target.Name).IsMutable)
        {
            return false;
        }

        (AssignOp op, Expr value, Span span) = assignment switch
        {
            { Op: AssignOp.Assign, Value: BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract, Left: Identifier left } binary }
                when left.Name == target.Name => (binary.Op == BinaryOp.Add ? AssignOp.Add : AssignOp.Subtract, binary.Right, binary.Span),
            _ => (assignment.Op, assignment.Value, assignment.Span),
        };
        if (op == AssignOp.Add && TryPlainLocal(value, out var addend) && !MayOwnCollection(value))
        {
            SetPosition(span);
            Emit(OpCode.AddLocalToLocal, slot, addend);
            return true;
        }

        if (op is not (AssignOp.Add or AssignOp.Subtract) || value is not IntLiteral literal)
        {
            return false;
        }

        var constant = _chunk.AddConstant(Value.FromInt(literal.Value));
        SetPosition(span);
        Emit(op == AssignOp.Add ? OpCode.AddConstToLocal : OpCode.SubtractConstFromLocal, slot, constant);
        return true;
    }

    /// <summary>A name that resolves to an unboxed local slot of this function.</summary>
    private bool TryPlainLocal(Expr expression, out int slot)
    {
        slot = -1;
        if (expression is not Identifier identifier || (identifier.Name == "_" && _pipePlaceholder >= 0))
        {
            return false;
        }

        var binding = Resolve(identifier.Name);
        if (binding.Kind != BindingKind.Local || binding.IsBoxed)
        {
            return false;
        }

        slot = binding.Index;
        return true;
    }
}
