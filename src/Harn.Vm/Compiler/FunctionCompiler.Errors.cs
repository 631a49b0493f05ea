using Harn.Bytecode;
using Harn.Runtime;
using Harn.Syntax;

namespace Harn.Compiler;

internal sealed partial class FunctionCompiler
{
    /// <summary>
    /// try/catch/finally. A finally body is installed as a catch-everything handler around the
    /// try and catch parts (it runs, then the error continues unchanged) and is inlined on the
    /// normal path and on every jump out. Without catch and finally, try yields a Result.
    /// </summary>
    private void CompileTry(TryExpr tryExpr)
    {
        if (tryExpr.Catch is null && tryExpr.Finally is null)
        {
            CompileResultTry(tryExpr.Body);
            return;
        }

        var depth = _chunk.Depth;
        var finallyHandler = -1;
        FinallyEntry? finallyEntry = null;
        if (tryExpr.Finally is not null)
        {
            finallyHandler = _chunk.EmitJump(OpCode.TryFinally);
            finallyEntry = new FinallyEntry(tryExpr.Finally);
            _control.Add(finallyEntry);
        }

        if (tryExpr.Catch is { } clause)
        {
            var typeName = clause.ErrorType is NamedType named ? named.Name : string.Empty;
            Emit(OpCode.TryBegin, -1, _chunk.AddString(typeName));
            var catchJump = _chunk.Position - 2;
            var handler = new HandlerEntry();
            _control.Add(handler);
            CompileBlock(tryExpr.Body, wantValue: true);
            _control.Remove(handler);
            Emit(OpCode.TryEnd);
            var end = _chunk.EmitJump(OpCode.Jump);
            _chunk.PatchJump(catchJump);
            _chunk.Depth = depth + 1;
            BeginScope();
            if (clause.Variable is null)
            {
                Emit(OpCode.Pop);
            }
            else
            {
                DeclareAndStore(clause.Variable, mutable: false, clause.Span);
            }

            CompileBlockBody(clause.Body.Statements, wantValue: true);
            EndScope();
            _chunk.PatchJump(end);
        }
        else
        {
            CompileBlock(tryExpr.Body, wantValue: true);
        }

        if (finallyEntry is not null)
        {
            _control.Remove(finallyEntry);
            Emit(OpCode.TryEnd);
            CompileBlock(finallyEntry.Body, wantValue: false);
            var end = _chunk.EmitJump(OpCode.Jump);
            _chunk.PatchJump(finallyHandler);
            _chunk.Depth = depth + 1;
            CompileBlock(finallyEntry.Body, wantValue: false);
            Emit(OpCode.Rethrow);
            _chunk.PatchJump(end);
        }

        _chunk.Depth = depth + 1;
    }

    /// <summary><c>try { B }</c>: <c>Result.Ok(value of B)</c>, or <c>Result.Err(error)</c>.</summary>
    private void CompileResultTry(Block body)
    {
        var depth = _chunk.Depth;
        Emit(OpCode.TryBegin, -1, _chunk.AddString(string.Empty));
        var catchJump = _chunk.Position - 2;
        var handler = new HandlerEntry();
        _control.Add(handler);
        CompileBlock(body, wantValue: true);
        _control.Remove(handler);
        Emit(OpCode.TryEnd);
        Emit(OpCode.WrapOk);
        var end = _chunk.EmitJump(OpCode.Jump);
        _chunk.PatchJump(catchJump);
        _chunk.Depth = depth + 1;
        Emit(OpCode.WrapErr);
        _chunk.PatchJump(end);
    }

    /// <summary>
    /// <c>retry n { B }</c>: runs B up to n times until it succeeds; after the last failure the
    /// last error propagates unchanged.
    /// </summary>
    private void CompileRetry(RetryExpr retry)
    {
        var depth = _chunk.Depth;
        var counter = NewTemp("retry");
        if (retry.Attempts is null)
        {
            EmitConstant(Value.FromInt(3));
        }
        else
        {
            CompileExpr(retry.Attempts);
        }

        Emit(OpCode.SetLocal, counter);
        var start = _chunk.Position;
        var handlerJump = _chunk.EmitJump(OpCode.TryFinally);
        var handler = new HandlerEntry();
        _control.Add(handler);
        CompileBlock(retry.Body, wantValue: true);
        _control.Remove(handler);
        Emit(OpCode.TryEnd);
        var end = _chunk.EmitJump(OpCode.Jump);
        _chunk.PatchJump(handlerJump);
        _chunk.Depth = depth + 1;
        var pending = NewTemp("retry_error");
        Emit(OpCode.SetLocal, pending);
        Emit(OpCode.GetLocal, counter);
        EmitConstant(Value.FromInt(1));
        Emit(OpCode.Subtract);
        Emit(OpCode.Dup);
        Emit(OpCode.SetLocal, counter);
        EmitConstant(Value.FromInt(0));
        Emit(OpCode.Greater);
        var again = _chunk.EmitJump(OpCode.JumpIfFalse);
        Emit(OpCode.Jump, start);
        _chunk.PatchJump(again);
        Emit(OpCode.GetLocal, pending);
        Emit(OpCode.Rethrow);
        _chunk.PatchJump(end);
        _chunk.Depth = depth + 1;
    }
}
