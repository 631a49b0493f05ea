using System.Runtime.CompilerServices;
using Harn.Bytecode;
using Harn.Stdlib;

namespace Harn.Runtime;

internal sealed partial class Vm
{
    /// <summary>
    /// Runs <paramref name="fiber"/> until its frame count drops back to <paramref name="stopDepth"/>
    /// (returning that frame's result) or it suspends at a <c>yield</c>. Errors are dispatched to
    /// the fiber's handlers installed above <paramref name="stopDepth"/>; others propagate.
    /// A task fiber run by the driver (<paramref name="stopDepth"/> 0) also returns when it must
    /// wait or yields its slice. <paramref name="resumeError"/> is raised first, at the
    /// instruction the fiber stopped at (a wait that failed).
    /// </summary>
    private Value Execute(Fiber fiber, int stopDepth, HarnRuntimeException? resumeError = null)
    {
        if (++_dispatchNesting > 1 && !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            _dispatchNesting--;
            throw new HarnRuntimeException(ErrorKind.StackOverflow, "Stack overflow: too many nested calls");
        }

        var previousFiber = _fiber;
        _fiber = fiber;
        try
        {
            if (resumeError is not null && !TryHandle(fiber, resumeError, stopDepth))
            {
                throw resumeError;
            }

            while (true)
            {
                HarnRuntimeException error;
                try
                {
                    return Dispatch(fiber, stopDepth);
                }
                catch (HarnRuntimeException caught)
                {
                    error = caught;
                }

                // Decided outside the catch block: rethrowing inside it would keep every nested
                // dispatch's exception frames on the host stack until the outermost handler ran.
                if (!TryHandle(fiber, error, stopDepth))
                {
                    throw error;
                }
            }
        }
        finally
        {
            _fiber = previousFiber;
            _dispatchNesting--;
        }
    }

    /// <summary>
    /// Runs the dispatch loop and turns host-side failures into Harn errors. The loop itself has
    /// no exception handler, so the JIT keeps its instruction and stack pointers in registers;
    /// in exchange the loop stores both into the fiber before anything that may throw.
    /// </summary>
    private Value Dispatch(Fiber fiber, int stopDepth)
    {
        HarnRuntimeException failure;
        try
        {
            return Interpret(fiber, stopDepth);
        }
        catch (HarnRuntimeException error)
        {
            failure = error;
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            // A builtin stopped waiting because the run was cancelled.
            failure = HarnRuntimeException.Throw(Value.FromString(CancelledMessage));
        }
        catch (Exception error) when (error is InvalidCastException or OverflowException or ArgumentException
                                          or InvalidOperationException or IndexOutOfRangeException or KeyNotFoundException
                                          or FormatException or NullReferenceException or IOException or UnauthorizedAccessException)
        {
            // A host-side failure inside an operation or builtin surfaces as a catchable Harn error at this position.
            failure = RuntimeErrors.Runtime(error.Message);
        }

        throw failure;
    }

    /// <summary>
    /// The hot loop: the frequent instructions run here with the VM state in locals; every other
    /// instruction stores that state into the fiber and runs in <see cref="ExecuteCold"/>, then
    /// the loop reloads it (the cold instruction may have pushed or popped frames).
    /// </summary>
    private Value Interpret(Fiber fiber, int stopDepth)
    {
        ref var frame = ref fiber.Frames[fiber.FrameCount - 1];
        var closure = frame.Closure;
        var code = closure.Chunk.Code;
        var constants = closure.Chunk.Constants;
        var stack = fiber.Stack;
        var ip = frame.Ip;
        var bp = frame.Base;
        var sp = fiber.StackPointer;
        var fuel = _fuel;

        var canYield = stopDepth == 0 && fiber.Task is not null;
        if (_trap)
        {
            PollTrap(fiber, false);
        }

        while (true)
        {
            if (--fuel < 0)
            {
                fuel = Refuel();
            }

            var opAt = ip;
            var op = (OpCode)code[ip++];
            switch (op)
            {
                case OpCode.Constant:
                    Value.Store(ref stack[sp++], in constants[code[ip++]]);
                    continue;
                case OpCode.Nil:
                    stack[sp++] = default;
                    continue;
                case OpCode.True:
                    stack[sp++] = Value.FromBool(true);
                    continue;
                case OpCode.False:
                    stack[sp++] = Value.FromBool(false);
                    continue;
                case OpCode.Pop:
                    stack[--sp] = default;
                    continue;
                case OpCode.Dup:
                    Value.Store(ref stack[sp], in stack[sp - 1]);
                    sp++;
                    continue;
                case OpCode.GetLocal:
                    Value.Store(ref stack[sp++], in stack[bp + code[ip++]]);
                    continue;
                case OpCode.SetLocal:
                    {
                        ref var top = ref stack[--sp];
                        Value.Store(ref stack[bp + code[ip++]], in top);
                        top = default;
                        continue;
                    }

                case OpCode.GetCell:
                    Value.Store(ref stack[sp++], in ((ClosureCell)stack[bp + code[ip++]].Ref!).Value);
                    continue;
                case OpCode.SetCell:
                    ((ClosureCell)stack[bp + code[ip++]].Ref!).Value = stack[--sp];
                    stack[sp] = default;
                    continue;
                case OpCode.GetUpvalue:
                    Value.Store(ref stack[sp++], in closure.Captures[code[ip++]].Value);
                    continue;
                case OpCode.SetUpvalue:
                    closure.Captures[code[ip++]].Value = stack[--sp];
                    stack[sp] = default;
                    continue;
                case OpCode.GetGlobal:
                    {
                        ref var value = ref closure.Module.Globals[code[ip++]];
                        if (value.Kind == ValueKind.Object && ReferenceEquals(value.Ref, VmModule.Unset))
                        {
                            frame.Ip = ip;
                            fiber.StackPointer = sp;
                            _fuel = fuel;
                            VmThrow.UndefinedGlobal(closure.Module, code[ip - 1], this);
                        }

                        Value.Store(ref stack[sp++], in value);
                        continue;
                    }

                case OpCode.SetGlobal:
                    closure.Module.Globals[code[ip++]] = stack[--sp];
                    stack[sp] = default;
                    continue;
                case OpCode.Add:
                    {
                        ref var a = ref stack[sp - 2];
                        ref var b = ref stack[sp - 1];
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            a = Value.FromInt(unchecked(a.AsInt + b.AsInt));
                            sp--;
                            continue;
                        }

                        break;
                    }

                case OpCode.Subtract:
                    {
                        ref var a = ref stack[sp - 2];
                        ref var b = ref stack[sp - 1];
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            a = Value.FromInt(unchecked(a.AsInt - b.AsInt));
                            sp--;
                            continue;
                        }

                        break;
                    }

                case OpCode.Multiply:
                    {
                        ref var a = ref stack[sp - 2];
                        ref var b = ref stack[sp - 1];
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            a = Value.FromInt(unchecked(a.AsInt * b.AsInt));
                            sp--;
                            continue;
                        }

                        break;
                    }

                case OpCode.Modulo:
                    {
                        ref var a = ref stack[sp - 2];
                        ref var b = ref stack[sp - 1];
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int && b.AsInt > 0)
                        {
                            a = Value.FromInt(a.AsInt % b.AsInt);
                            sp--;
                            continue;
                        }

                        break;
                    }

                case OpCode.Equal:
                case OpCode.NotEqual:
                    {
                        ref var a = ref stack[sp - 2];
                        ref var b = ref stack[sp - 1];
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            a = Value.FromBool((a.AsInt == b.AsInt) == (op == OpCode.Equal));
                            sp--;
                            continue;
                        }

                        break;
                    }

                case OpCode.Less:
                    {
                        ref var a = ref stack[sp - 2];
                        ref var b = ref stack[sp - 1];
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            a = Value.FromBool(a.AsInt < b.AsInt);
                            sp--;
                            continue;
                        }

                        break;
                    }

                case OpCode.Greater:
                    {
                        ref var a = ref stack[sp - 2];
                        ref var b = ref stack[sp - 1];
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            a = Value.FromBool(a.AsInt > b.AsInt);
                            sp--;
                            continue;
                        }

                        break;
                    }

                case OpCode.LessEqual:
                    {
                        ref var a = ref stack[sp - 2];
                        ref var b = ref stack[sp - 1];
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            a = Value.FromBool(a.AsInt <= b.AsInt);
                            sp--;
                            continue;
                        }

                        break;
                    }

                case OpCode.GreaterEqual:
                    {
                        ref var a = ref stack[sp - 2];
                        ref var b = ref stack[sp - 1];
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            a = Value.FromBool(a.AsInt >= b.AsInt);
                            sp--;
                            continue;
                        }

                        break;
                    }

                case OpCode.CompareLocalConstJump:
                    {
                        ref var a = ref stack[bp + code[ip]];
                        ref var b = ref constants[code[ip + 1]];
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            ip = ComparisonTest.TakesInt(code[ip + 2], a.AsInt, b.AsInt) ? code[ip + 3] : ip + 4;
                            continue;
                        }

                        break;
                    }

                case OpCode.CompareConstJump:
                    {
                        ref var a = ref stack[sp - 1];
                        ref var b = ref constants[code[ip]];
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            ip = ComparisonTest.TakesInt(code[ip + 1], a.AsInt, b.AsInt) ? code[ip + 2] : ip + 3;
                            sp--;
                            continue;
                        }

                        break;
                    }

                case OpCode.CompareJump:
                    {
                        ref var a = ref stack[sp - 2];
                        ref var b = ref stack[sp - 1];
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            ip = ComparisonTest.TakesInt(code[ip], a.AsInt, b.AsInt) ? code[ip + 1] : ip + 2;
                            sp -= 2;
                            continue;
                        }

                        break;
                    }

                case OpCode.AddConst:
                    {
                        ref var a = ref stack[sp - 1];
                        ref var b = ref constants[code[ip]];
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            a = Value.FromInt(unchecked(a.AsInt + b.AsInt));
                            ip++;
                            continue;
                        }

                        break;
                    }

                case OpCode.SubtractConst:
                    {
                        ref var a = ref stack[sp - 1];
                        ref var b = ref constants[code[ip]];
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            a = Value.FromInt(unchecked(a.AsInt - b.AsInt));
                            ip++;
                            continue;
                        }

                        break;
                    }

                case OpCode.MultiplyConst:
                    {
                        ref var a = ref stack[sp - 1];
                        ref var b = ref constants[code[ip]];
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            a = Value.FromInt(unchecked(a.AsInt * b.AsInt));
                            ip++;
                            continue;
                        }

                        break;
                    }

                case OpCode.ModuloConst:
                    {
                        ref var a = ref stack[sp - 1];
                        ref var b = ref constants[code[ip]];
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int && b.AsInt > 0)
                        {
                            a = Value.FromInt(a.AsInt % b.AsInt);
                            ip++;
                            continue;
                        }

                        break;
                    }

                case OpCode.AddLocal:
                    {
                        ref var a = ref stack[sp - 1];
                        ref var b = ref stack[bp + code[ip]];
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            a = Value.FromInt(unchecked(a.AsInt + b.AsInt));
                            ip++;
                            continue;
                        }

                        break;
                    }

                case OpCode.AddConstToLocal:
                    {
                        ref var local = ref stack[bp + code[ip]];
                        ref var b = ref constants[code[ip + 1]];
                        if (local.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            local = Value.FromInt(unchecked(local.AsInt + b.AsInt));
                            ip += 2;
                            continue;
                        }

                        break;
                    }

                case OpCode.SubtractConstFromLocal:
                    {
                        ref var local = ref stack[bp + code[ip]];
                        ref var b = ref constants[code[ip + 1]];
                        if (local.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            local = Value.FromInt(unchecked(local.AsInt - b.AsInt));
                            ip += 2;
                            continue;
                        }

                        break;
                    }

                case OpCode.Not:
                    stack[sp - 1] = Value.FromBool(!Truthiness.IsTruthy(stack[sp - 1]));
                    continue;
                case OpCode.Jump:
                    {
                        var target = code[ip];
                        if (target < ip && _trap)
                        {
                            frame.Ip = ip;
                            fiber.StackPointer = sp;
                            _fuel = fuel;
                            if (PollTrap(fiber, canYield))
                            {
                                frame.Ip = target;
                                fiber.Status = FiberStatus.Yielded;
                                return default;
                            }

                            // Interrupt handlers may have run in between.
                            fuel = _fuel;
                        }

                        ip = target;
                        continue;
                    }

                case OpCode.JumpIfFalse:
                    {
                        ref var condition = ref stack[--sp];
                        ip = Truthiness.IsTruthy(condition) ? ip + 1 : code[ip];
                        condition = default;
                        continue;
                    }

                case OpCode.JumpIfTrue:
                    {
                        ref var condition = ref stack[--sp];
                        ip = Truthiness.IsTruthy(condition) ? code[ip] : ip + 1;
                        condition = default;
                        continue;
                    }

                case OpCode.JumpIfFalseKeep:
                    if (Truthiness.IsTruthy(stack[sp - 1]))
                    {
                        stack[--sp] = default;
                        ip++;
                    }
                    else
                    {
                        ip = code[ip];
                    }

                    continue;
                case OpCode.JumpIfTrueKeep:
                    if (Truthiness.IsTruthy(stack[sp - 1]))
                    {
                        ip = code[ip];
                    }
                    else
                    {
                        stack[--sp] = default;
                        ip++;
                    }

                    continue;
                case OpCode.CallBuiltin:
                    {
                        // An unknown name takes the cold path, which raises the error.
                        var builtin = ResolveRuntimeName(code[ip + 1]);
                        if (builtin is null)
                        {
                            break;
                        }

                        var argc = code[ip + 2];
                        var argStart = sp - argc;
                        ip += 3;
                        frame.Ip = ip;
                        fiber.StackPointer = sp;
                        _fuel = fuel;
                        var value = builtin.Function(_context, new ReadOnlySpan<Value>(stack, argStart, argc));

                        // The builtin may have called back into Harn, growing the stack or the frames.
                        stack = fiber.Stack;
                        ClearSlots(stack, argStart, argc);
                        stack[argStart] = value;
                        sp = argStart + 1;
                        frame = ref fiber.Frames[fiber.FrameCount - 1];
                        fuel = _fuel;
                        if (value.Ref is VmSuspension || _trap)
                        {
                            fiber.StackPointer = sp;
                            if (SettleBuiltinResult(fiber, stopDepth, ip, sp))
                            {
                                return default;
                            }

                            goto Reload;
                        }

                        continue;
                    }

                case OpCode.Concat:
                    {
                        // Formatting never calls back into Harn; only the position is needed if it fails.
                        var count = code[ip];
                        frame.Ip = ip + 1;
                        fiber.StackPointer = sp;
                        _fuel = fuel;
                        var text = ConcatDisplay(stack, sp - count, count);
                        sp -= count;
                        stack[sp] = Value.FromString(text);
                        ClearSlots(stack, sp + 1, count - 1);
                        sp++;
                        ip++;
                        continue;
                    }

                case OpCode.IterNext:
                    {
                        // Lists and ranges step here; other sources may wait or call back, so they run cold.
                        if (stack[bp + code[ip]].Ref is VmForCursor { IsDirect: true } cursor)
                        {
                            if (cursor.MoveNextInto(ref stack[sp]))
                            {
                                sp++;
                                ip += 2;
                            }
                            else
                            {
                                ip = code[ip + 1];
                            }

                            continue;
                        }

                        break;
                    }

                case OpCode.GetProperty:
                    {
                        // Dict entries and struct fields, the common targets, cannot fail: no state to store first.
                        ref var target = ref stack[sp - 1];
                        if (target.Kind == ValueKind.Dict)
                        {
                            var entry = ((HarnDict)target.Ref!).Get(constants[code[ip++]].AsString, ref closure.Chunk.PropertyHints[opAt]);
                            Value.Store(ref target, in entry);
                            continue;
                        }

                        if (target.Kind == ValueKind.Struct)
                        {
                            var field = ((HarnStruct)target.Ref!).Get(constants[code[ip++]].AsString);
                            Value.Store(ref target, in field);
                            continue;
                        }
                    }

                    frame.Ip = ip + 1;
                    fiber.StackPointer = sp;
                    _fuel = fuel;
                    stack[sp - 1] = PropertyAccess.Get(stack[sp - 1], constants[code[ip++]].AsString);
                    continue;
                case OpCode.Call:
                case OpCode.TailCall:
                    {
                        var argc = code[ip++];
                        var calleeIndex = sp - argc - 1;
                        var callee = stack[calleeIndex];
                        if (callee.Kind != ValueKind.Closure || ((Closure)callee.Ref!).Chunk.IsGenerator)
                        {
                            break;
                        }

                        var target = (Closure)callee.Ref!;
                        var chunk = target.Chunk;
                        var argBase = calleeIndex + 1;
                        frame.Ip = ip;
                        if (op == OpCode.Call && argc == chunk.ParamCount && !chunk.HasRestParam && fiber.FrameCount < _maxCallDepth
                            && fiber.FrameCount < fiber.Frames.Length && argBase + chunk.FrameSize <= stack.Length)
                        {
                            // The common call: arguments fill the parameters exactly and everything fits.
                            var slotsEnd = argBase + chunk.SlotCount;
                            for (var slot = argBase + argc; slot < slotsEnd; slot++)
                            {
                                stack[slot] = default;
                            }

                            frame = ref fiber.Frames[fiber.FrameCount++];
                            frame.Closure = target;
                            frame.Ip = 0;
                            frame.Base = argBase;
                            frame.ArgCount = argc;
                            sp = slotsEnd;
                            closure = target;
                            code = chunk.Code;
                            constants = chunk.Constants;
                            ip = 0;
                            bp = argBase;
                            if (_trap)
                            {
                                fiber.StackPointer = sp;
                                _fuel = fuel;
                                if (PollTrap(fiber, canYield))
                                {
                                    fiber.Status = FiberStatus.Yielded;
                                    return default;
                                }

                                fuel = _fuel;
                            }

                            continue;
                        }

                        if (op == OpCode.TailCall && argc == chunk.ParamCount && !chunk.HasRestParam && fiber.HandlerCount == 0
                            && bp + chunk.FrameSize <= stack.Length)
                        {
                            // A tail call with no handler to drop: the callee and its arguments move
                            // down over this frame, which is reused as it stands.
                            for (var slot = 0; slot <= argc; slot++)
                            {
                                Value.Store(ref stack[bp - 1 + slot], in stack[calleeIndex + slot]);
                            }

                            var slotsEnd = bp + chunk.SlotCount;
                            ClearSlots(stack, bp + argc, Math.Max(sp, slotsEnd) - (bp + argc));
                            frame.Closure = target;
                            frame.Ip = 0;
                            frame.ArgCount = argc;
                            sp = slotsEnd;
                            closure = target;
                            code = chunk.Code;
                            constants = chunk.Constants;
                            ip = 0;
                            if (_trap)
                            {
                                fiber.StackPointer = sp;
                                _fuel = fuel;
                                if (PollTrap(fiber, canYield))
                                {
                                    fiber.Status = FiberStatus.Yielded;
                                    return default;
                                }

                                fuel = _fuel;
                            }

                            continue;
                        }

                        fiber.StackPointer = sp;
                        _fuel = fuel;
                        if (op == OpCode.TailCall)
                        {
                            // Reuse this frame: move callee and arguments down over it.
                            Array.Copy(stack, calleeIndex, stack, bp - 1, argc + 1);
                            Array.Clear(stack, bp + argc, sp - (bp + argc));
                            fiber.FrameCount--;
                            DropHandlersAbove(fiber, fiber.FrameCount);
                            PushClosureFrame(fiber, target, bp, argc);
                        }
                        else
                        {
                            PushClosureFrame(fiber, target, calleeIndex + 1, argc);
                        }

                        if (_trap)
                        {
                            if (PollTrap(fiber, canYield))
                            {
                                fiber.Status = FiberStatus.Yielded;
                                return default;
                            }

                            fuel = _fuel;
                        }

                        frame = ref fiber.Frames[fiber.FrameCount - 1];
                        closure = target;
                        code = chunk.Code;
                        constants = chunk.Constants;
                        stack = fiber.Stack;
                        ip = 0;
                        bp = frame.Base;
                        sp = fiber.StackPointer;
                        continue;
                    }

                case OpCode.Return:
                    {
                        var result = sp > bp ? stack[sp - 1] : default;
                        var calleeIndex = bp - 1;
                        ClearSlots(stack, calleeIndex, sp - calleeIndex);
                        fiber.FrameCount--;
                        if (fiber.HandlerCount > 0)
                        {
                            DropHandlersAbove(fiber, fiber.FrameCount);
                        }

                        if (fiber.Deadlines.Count > 0)
                        {
                            DropDeadlinesAbove(fiber);
                        }

                        if (fiber.FrameCount == stopDepth)
                        {
                            fiber.StackPointer = calleeIndex;
                            _fuel = fuel;
                            if (stopDepth == 0)
                            {
                                fiber.Status = FiberStatus.Done;
                            }

                            return result;
                        }

                        Value.Store(ref stack[calleeIndex], in result);
                        sp = calleeIndex + 1;
                        frame = ref fiber.Frames[fiber.FrameCount - 1];
                        closure = frame.Closure;
                        code = closure.Chunk.Code;
                        constants = closure.Chunk.Constants;
                        ip = frame.Ip;
                        bp = frame.Base;
                        continue;
                    }
            }

            // Everything else, and the slow paths of the instructions above: the cold path
            // decodes the whole instruction again from its opcode.
            frame.Ip = opAt;
            fiber.StackPointer = sp;
            _fuel = fuel;
            if (ExecuteCold(fiber, stopDepth, canYield, out var coldResult))
            {
                return coldResult;
            }

        Reload:
            frame = ref fiber.Frames[fiber.FrameCount - 1];
            closure = frame.Closure;
            code = closure.Chunk.Code;
            constants = closure.Chunk.Constants;
            stack = fiber.Stack;
            ip = frame.Ip;
            bp = frame.Base;
            sp = fiber.StackPointer;
            fuel = _fuel;
        }
    }

    /// <summary>
    /// Finishes a builtin call whose result is a wait or that left the trap raised; true when the
    /// fiber must return to the driver. The state is in the fiber; the caller reloads it after.
    /// </summary>
    private bool SettleBuiltinResult(Fiber fiber, int stopDepth, int ip, int sp)
    {
        if (fiber.Stack[sp - 1].Ref is VmSuspension && SettlePending(fiber, stopDepth, ip, sp))
        {
            return true;
        }

        if (_trap)
        {
            // A slow builtin may have outlived a deadline or the run.
            PollTrap(fiber, false);
        }

        return false;
    }

    /// <summary>Clears <paramref name="count"/> stack slots from <paramref name="start"/>; a loop for the few slots a call frame usually has.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ClearSlots(Value[] stack, int start, int count)
    {
        if (count > 8)
        {
            Array.Clear(stack, start, count);
            return;
        }

        for (var i = 0; i < count; i++)
        {
            stack[start + i] = default;
        }
    }
}
