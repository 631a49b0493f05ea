using Harn.Bytecode;
using Harn.Syntax;

namespace Harn.Compiler;

/// <summary>
/// The concurrency constructs. Each lowers to a closure plus a call of a hidden builtin
/// (<c>__spawn</c>, <c>__parallel</c>, <c>__select_*</c>, <c>__mutex_enter</c>); the runtime does the rest.
/// </summary>
internal sealed partial class FunctionCompiler
{
    /// <summary><c>spawn { B }</c>: the body becomes a closure started as a task; the value is its handle.</summary>
    private void CompileSpawn(SpawnExpr spawn)
    {
        EmitClosure(CompileNested("<spawn>", [], spawn.Body, returnsLastValue: true, isStream: false));
        SetPosition(spawn.Span);
        EmitCallBuiltin("__spawn", 1);
    }

    /// <summary><c>parallel[ each| settle] X [with {..}] { v -> B } [as stream]</c> → <c>__parallel(mode, options, X, closure)</c>.</summary>
    private void CompileParallel(ParallelExpr parallel)
    {
        var mode = parallel.AsStream ? "stream" : parallel.Kind switch
        {
            ParallelKind.Count => "count",
            ParallelKind.Each => "each",
            _ => "settle",
        };
        EmitString(mode);
        if (parallel.Options is null)
        {
            Emit(OpCode.Nil);
        }
        else
        {
            CompileExpr(parallel.Options);
        }

        CompileExpr(parallel.Operand);
        var variable = parallel.Variable ?? (parallel.Kind == ParallelKind.Count ? "__i__" : "__item__");
        var parameter = new Parameter(parallel.Span, variable, null, null, false);
        EmitClosure(CompileNested("<parallel>", [parameter], parallel.Body, returnsLastValue: true, isStream: false));
        SetPosition(parallel.Span);
        EmitCallBuiltin("__parallel", 4);
    }

    /// <summary>
    /// <c>select { v from ch { B } ... }</c>: one call picks a case (<c>{index, value, channel}</c>);
    /// the matching body runs with <c>v</c> bound to the value; index -1 runs the timeout or default body.
    /// </summary>
    private void CompileSelect(SelectExpr select)
    {
        foreach (var selectCase in select.Cases)
        {
            CompileExpr(selectCase.Channel);
        }

        Emit(OpCode.BuildList, select.Cases.Count);
        SetPosition(select.Span);
        if (select.Timeout is not null)
        {
            CompileExpr(select.Timeout.Duration);
            SetPosition(select.Span);
            EmitCallBuiltin("__select_timeout", 2);
        }
        else
        {
            EmitCallBuiltin(select.Default is null ? "__select_list" : "__select_try", 1);
        }

        var picked = NewTemp("select");
        Emit(OpCode.SetLocal, picked);
        var depth = _chunk.Depth;
        var ends = new List<int>();
        for (var i = 0; i < select.Cases.Count; i++)
        {
            var selectCase = select.Cases[i];
            Emit(OpCode.GetLocal, picked);
            Emit(OpCode.GetProperty, _chunk.AddString("index"));
            EmitConstant(Runtime.Value.FromInt(i));
            Emit(OpCode.Equal);
            var next = _chunk.EmitJump(OpCode.JumpIfFalse);
            BeginScope();
            Emit(OpCode.GetLocal, picked);
            Emit(OpCode.GetProperty, _chunk.AddString("value"));
            DeclareAndStore(selectCase.Variable, mutable: false, selectCase.Span);
            CompileBlockBody(selectCase.Body.Statements, wantValue: true);
            EndScope();
            ends.Add(_chunk.EmitJump(OpCode.Jump));
            _chunk.PatchJump(next);
            _chunk.Depth = depth;
        }

        var fallback = select.Timeout?.Body ?? select.Default;
        if (fallback is null)
        {
            Emit(OpCode.Nil);
        }
        else
        {
            CompileBlock(fallback, wantValue: true);
        }

        foreach (var end in ends)
        {
            _chunk.PatchJump(end);
        }

        _chunk.Depth = depth + 1;
    }

    /// <summary>
    /// <c>mutex { B }</c>: takes the default process-local mutex, runs B, and releases the permit
    /// however B is left (end, error, return, break, continue).
    /// </summary>
    private void CompileMutex(MutexExpr mutex)
    {
        var depth = _chunk.Depth;
        SetPosition(mutex.Span);
        EmitCallBuiltin("__mutex_enter", 0);
        var permit = NewTemp("mutex");
        Emit(OpCode.SetLocal, permit);
        var handler = _chunk.EmitJump(OpCode.TryFinally);
        var entry = new MutexEntry(permit);
        _control.Add(entry);
        CompileBlock(mutex.Body, wantValue: true);
        _control.Remove(entry);
        Emit(OpCode.TryEnd);
        EmitMutexRelease(permit);
        var end = _chunk.EmitJump(OpCode.Jump);
        _chunk.PatchJump(handler);
        _chunk.Depth = depth + 1;
        EmitMutexRelease(permit);
        Emit(OpCode.Rethrow);
        _chunk.PatchJump(end);
        _chunk.Depth = depth + 1;
    }

    private void EmitMutexRelease(int permitSlot)
    {
        Emit(OpCode.GetLocal, permitSlot);
        EmitCallBuiltin("sync_release", 1);
        Emit(OpCode.Pop);
    }
}
