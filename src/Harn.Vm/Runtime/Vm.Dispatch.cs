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

    /// <remarks>Compiled fully optimized right away: tiering would run the hot loop as slow on-stack-replaced code.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Value Dispatch(Fiber fiber, int stopDepth)
    {
        ref var frame = ref fiber.Frames[fiber.FrameCount - 1];
        var closure = frame.Closure;
        var chunk = closure.Chunk;
        var code = chunk.Code;
        var constants = chunk.Constants;
        var stack = fiber.Stack;
        var ip = frame.Ip;
        var bp = frame.Base;
        var sp = fiber.StackPointer;

        var canYield = stopDepth == 0 && fiber.Task is not null;
        if (_trap)
        {
            PollTrap(fiber, false);
        }

        HarnRuntimeException failure;
        try
        {
            while (true)
            {
                switch ((OpCode)code[ip++])
                {
                    case OpCode.Constant:
                        stack[sp++] = constants[code[ip++]];
                        break;
                    case OpCode.Nil:
                        stack[sp++] = default;
                        break;
                    case OpCode.True:
                        stack[sp++] = Value.True;
                        break;
                    case OpCode.False:
                        stack[sp++] = Value.False;
                        break;
                    case OpCode.Pop:
                        stack[--sp] = default;
                        break;
                    case OpCode.Dup:
                        stack[sp] = stack[sp - 1];
                        sp++;
                        break;
                    case OpCode.Swap:
                        (stack[sp - 1], stack[sp - 2]) = (stack[sp - 2], stack[sp - 1]);
                        break;
                    case OpCode.GetLocal:
                        stack[sp++] = stack[bp + code[ip++]];
                        break;
                    case OpCode.SetLocal:
                        stack[bp + code[ip++]] = stack[--sp];
                        break;
                    case OpCode.GetCell:
                        stack[sp++] = ((ClosureCell)stack[bp + code[ip++]].Ref!).Value;
                        break;
                    case OpCode.SetCell:
                        ((ClosureCell)stack[bp + code[ip++]].Ref!).Value = stack[--sp];
                        break;
                    case OpCode.NewCell:
                        stack[bp + code[ip++]] = Value.FromObject(ValueKind.Object, new ClosureCell(stack[--sp]));
                        break;
                    case OpCode.GetUpvalue:
                        stack[sp++] = closure.Captures[code[ip++]].Value;
                        break;
                    case OpCode.SetUpvalue:
                        closure.Captures[code[ip++]].Value = stack[--sp];
                        break;
                    case OpCode.GetGlobal:
                        {
                            var value = closure.Module.Globals[code[ip++]];
                            if (value.Kind == ValueKind.Object && ReferenceEquals(value.Ref, VmModule.Unset))
                            {
                                VmThrow.UndefinedGlobal(closure.Module, code[ip - 1], this);
                            }

                            stack[sp++] = value;
                            break;
                        }

                    case OpCode.SetGlobal:
                        closure.Module.Globals[code[ip++]] = stack[--sp];
                        break;
                    case OpCode.GetName:
                        {
                            var name = constants[code[ip++]].AsString;
                            if (_builtins.TryGetGlobal(name, out var global))
                            {
                                ip++;
                                stack[sp++] = global;
                                break;
                            }

                            var builtin = ResolveRuntimeName(code[ip++]);
                            if (builtin is null)
                            {
                                VmThrow.UndefinedVariable(name, VisibleNames(fiber));
                            }

                            stack[sp++] = Value.FromObject(ValueKind.Builtin, builtin);
                            break;
                        }

                    case OpCode.Raise:
                        {
                            var kind = (ErrorKind)code[ip++];
                            throw new HarnRuntimeException(kind, constants[code[ip++]].AsString);
                        }

                    case OpCode.Add:
                        {
                            ref var a = ref stack[sp - 2];
                            var b = stack[sp - 1];
                            a = a.Kind == ValueKind.Int && b.Kind == ValueKind.Int ? Value.FromInt(unchecked(a.AsInt + b.AsInt)) : Arithmetic.Add(a, b);
                            stack[--sp] = default;
                            break;
                        }

                    case OpCode.Subtract:
                        {
                            ref var a = ref stack[sp - 2];
                            var b = stack[sp - 1];
                            a = a.Kind == ValueKind.Int && b.Kind == ValueKind.Int ? Value.FromInt(unchecked(a.AsInt - b.AsInt)) : Arithmetic.Subtract(a, b);
                            stack[--sp] = default;
                            break;
                        }

                    case OpCode.Multiply:
                        stack[sp - 2] = Arithmetic.Multiply(stack[sp - 2], stack[sp - 1]);
                        stack[--sp] = default;
                        break;
                    case OpCode.Divide:
                        stack[sp - 2] = Arithmetic.Divide(stack[sp - 2], stack[sp - 1]);
                        stack[--sp] = default;
                        break;
                    case OpCode.Modulo:
                        stack[sp - 2] = Arithmetic.Modulo(stack[sp - 2], stack[sp - 1]);
                        stack[--sp] = default;
                        break;
                    case OpCode.Power:
                        stack[sp - 2] = Arithmetic.Power(stack[sp - 2], stack[sp - 1]);
                        stack[--sp] = default;
                        break;
                    case OpCode.Negate:
                        stack[sp - 1] = Arithmetic.Negate(stack[sp - 1]);
                        break;
                    case OpCode.Not:
                        stack[sp - 1] = Value.FromBool(!Truthiness.IsTruthy(stack[sp - 1]));
                        break;
                    case OpCode.ToBool:
                        stack[sp - 1] = Value.FromBool(Truthiness.IsTruthy(stack[sp - 1]));
                        break;
                    case OpCode.Equal:
                        stack[sp - 2] = Value.FromBool(ValueEquality.AreEqual(stack[sp - 2], stack[sp - 1]));
                        stack[--sp] = default;
                        break;
                    case OpCode.NotEqual:
                        stack[sp - 2] = Value.FromBool(!ValueEquality.AreEqual(stack[sp - 2], stack[sp - 1]));
                        stack[--sp] = default;
                        break;
                    case OpCode.Less:
                        {
                            ref var a = ref stack[sp - 2];
                            var b = stack[sp - 1];
                            a = Value.FromBool(a.Kind == ValueKind.Int && b.Kind == ValueKind.Int ? a.AsInt < b.AsInt : ValueComparer.Less(a, b));
                            stack[--sp] = default;
                            break;
                        }

                    case OpCode.Greater:
                        {
                            ref var a = ref stack[sp - 2];
                            var b = stack[sp - 1];
                            a = Value.FromBool(a.Kind == ValueKind.Int && b.Kind == ValueKind.Int ? a.AsInt > b.AsInt : ValueComparer.Greater(a, b));
                            stack[--sp] = default;
                            break;
                        }

                    case OpCode.LessEqual:
                        {
                            ref var a = ref stack[sp - 2];
                            var b = stack[sp - 1];
                            a = Value.FromBool(a.Kind == ValueKind.Int && b.Kind == ValueKind.Int ? a.AsInt <= b.AsInt : ValueComparer.LessOrEqual(a, b));
                            stack[--sp] = default;
                            break;
                        }

                    case OpCode.GreaterEqual:
                        {
                            ref var a = ref stack[sp - 2];
                            var b = stack[sp - 1];
                            a = Value.FromBool(a.Kind == ValueKind.Int && b.Kind == ValueKind.Int ? a.AsInt >= b.AsInt : ValueComparer.GreaterOrEqual(a, b));
                            stack[--sp] = default;
                            break;
                        }

                    case OpCode.Contains:
                        stack[sp - 2] = Value.FromBool(ValueAccess.Contains(stack[sp - 1], stack[sp - 2]));
                        stack[--sp] = default;
                        break;
                    case OpCode.Jump:
                        {
                            var target = code[ip];
                            if (target < ip && _trap)
                            {
                                frame.Ip = target;
                                fiber.StackPointer = sp;
                                if (PollTrap(fiber, canYield))
                                {
                                    fiber.Status = FiberStatus.Yielded;
                                    return default;
                                }
                            }

                            ip = target;
                            break;
                        }

                    case OpCode.JumpIfFalse:
                        ip = Truthiness.IsTruthy(stack[--sp]) ? ip + 1 : code[ip];
                        stack[sp] = default;
                        break;
                    case OpCode.JumpIfTrue:
                        ip = Truthiness.IsTruthy(stack[--sp]) ? code[ip] : ip + 1;
                        stack[sp] = default;
                        break;
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

                        break;
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

                        break;
                    case OpCode.JumpIfNotNilKeep:
                        if (stack[sp - 1].IsNil)
                        {
                            stack[--sp] = default;
                            ip++;
                        }
                        else
                        {
                            ip = code[ip];
                        }

                        break;
                    case OpCode.JumpIfNil:
                        ip = stack[sp - 1].IsNil ? code[ip] : ip + 1;
                        break;
                    case OpCode.BuildList:
                        {
                            var count = code[ip++];
                            sp -= count;
                            stack[sp] = Value.FromList(count == 0 ? HarnList.Empty : HarnList.Create(new ReadOnlySpan<Value>(stack, sp, count)));
                            Array.Clear(stack, sp + 1, count - 1 > 0 ? count - 1 : 0);
                            sp++;
                            break;
                        }

                    case OpCode.BuildDict:
                        {
                            var count = code[ip++];
                            sp -= 2 * count;
                            stack[sp] = Value.FromDict(BuildDict(stack, sp, count));
                            Array.Clear(stack, sp + 1, Math.Max(0, (2 * count) - 1));
                            sp++;
                            break;
                        }

                    case OpCode.ExtendList:
                        stack[sp - 2] = Value.FromList(Arithmetic.Concat(stack[sp - 2].AsList, VmThrow.SpreadList(stack[sp - 1])));
                        stack[--sp] = default;
                        break;
                    case OpCode.ExtendDict:
                        stack[sp - 2] = Value.FromDict(Arithmetic.Merge(stack[sp - 2].AsDict, VmThrow.SpreadDict(stack[sp - 1])));
                        stack[--sp] = default;
                        break;
                    case OpCode.Concat:
                        {
                            var count = code[ip++];
                            sp -= count;
                            stack[sp] = Value.FromString(ConcatDisplay(stack, sp, count));
                            Array.Clear(stack, sp + 1, count > 1 ? count - 1 : 0);
                            sp++;
                            break;
                        }

                    case OpCode.GetProperty:
                        stack[sp - 1] = PropertyAccess.Get(stack[sp - 1], constants[code[ip++]].AsString);
                        break;
                    case OpCode.GetPropertyOpt:
                        stack[sp - 1] = PropertyAccess.Get(stack[sp - 1], constants[code[ip++]].AsString, optional: true);
                        break;
                    case OpCode.Subscript:
                        stack[sp - 2] = ValueAccess.Index(stack[sp - 2], stack[sp - 1]);
                        stack[--sp] = default;
                        break;
                    case OpCode.SubscriptOpt:
                        stack[sp - 2] = stack[sp - 2].IsNil ? default : ValueAccess.Index(stack[sp - 2], stack[sp - 1]);
                        stack[--sp] = default;
                        break;
                    case OpCode.Slice:
                        stack[sp - 3] = ValueAccess.Slice(stack[sp - 3], stack[sp - 2], stack[sp - 1]);
                        stack[--sp] = default;
                        stack[--sp] = default;
                        break;
                    case OpCode.PutProperty:
                        stack[sp - 2] = ValueAccess.WithProperty(stack[sp - 2], constants[code[ip++]].AsString, stack[sp - 1]);
                        stack[--sp] = default;
                        break;
                    case OpCode.PutIndex:
                        {
                            if (ValueAccess.TryWithIndex(stack[sp - 3], stack[sp - 2], stack[sp - 1], out var updated))
                            {
                                stack[sp - 3] = updated;
                            }

                            stack[--sp] = default;
                            stack[--sp] = default;
                            break;
                        }

                    case OpCode.Call:
                    case OpCode.TailCall:
                        {
                            var op = (OpCode)code[ip - 1];
                            var argc = code[ip++];
                            var calleeIndex = sp - argc - 1;
                            var callee = stack[calleeIndex];
                            if (callee.Kind == ValueKind.Closure && !((Closure)callee.Ref!).Chunk.IsGenerator)
                            {
                                var target = (Closure)callee.Ref!;
                                frame.Ip = ip;
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

                                if (_trap && PollTrap(fiber, canYield))
                                {
                                    fiber.Status = FiberStatus.Yielded;
                                    return default;
                                }

                                frame = ref fiber.Frames[fiber.FrameCount - 1];
                                closure = target;
                                chunk = target.Chunk;
                                code = chunk.Code;
                                constants = chunk.Constants;
                                stack = fiber.Stack;
                                ip = 0;
                                bp = frame.Base;
                                sp = fiber.StackPointer;
                                break;
                            }

                            frame.Ip = ip;
                            fiber.StackPointer = sp;
                            var result = CallValue(callee, new ReadOnlySpan<Value>(stack, calleeIndex + 1, argc));
                            stack = fiber.Stack;
                            frame = ref fiber.Frames[fiber.FrameCount - 1];
                            stack[calleeIndex] = result;
                            Array.Clear(stack, calleeIndex + 1, argc);
                            sp = calleeIndex + 1;
                            if (result.Ref is VmSuspension)
                            {
                                if (SettlePending(fiber, stopDepth, ip, sp))
                                {
                                    return default;
                                }

                                stack = fiber.Stack;
                                frame = ref fiber.Frames[fiber.FrameCount - 1];
                            }

                            break;
                        }

                    case OpCode.CallSpread:
                        {
                            var args = VmThrow.SpreadArguments(stack[sp - 1]);
                            var callee = stack[sp - 2];
                            sp -= 2;
                            frame.Ip = ip;
                            fiber.StackPointer = sp;
                            var result = CallValue(callee, args.AsSpan());
                            stack = fiber.Stack;
                            frame = ref fiber.Frames[fiber.FrameCount - 1];
                            stack[sp + 1] = default;
                            stack[sp++] = result;
                            if (result.Ref is VmSuspension)
                            {
                                if (SettlePending(fiber, stopDepth, ip, sp))
                                {
                                    return default;
                                }

                                stack = fiber.Stack;
                                frame = ref fiber.Frames[fiber.FrameCount - 1];
                            }

                            break;
                        }

                    case OpCode.CallBuiltin:
                        {
                            var name = constants[code[ip++]].AsString;
                            var builtin = ResolveRuntimeName(code[ip++]) ?? VmThrow.UndefinedBuiltin(name, _builtins);
                            var argc = code[ip++];
                            var argStart = sp - argc;
                            frame.Ip = ip;
                            fiber.StackPointer = sp;
                            var result = builtin.Function(_context, new ReadOnlySpan<Value>(stack, argStart, argc));
                            stack = fiber.Stack;
                            frame = ref fiber.Frames[fiber.FrameCount - 1];
                            Array.Clear(stack, argStart, argc);
                            stack[argStart] = result;
                            sp = argStart + 1;
                            if (result.Ref is VmSuspension)
                            {
                                if (SettlePending(fiber, stopDepth, ip, sp))
                                {
                                    return default;
                                }

                                stack = fiber.Stack;
                                frame = ref fiber.Frames[fiber.FrameCount - 1];
                            }

                            if (_trap)
                            {
                                // A slow builtin may have outlived a deadline or the run.
                                fiber.StackPointer = sp;
                                PollTrap(fiber, false);
                            }

                            break;
                        }

                    case OpCode.CallBuiltinSpread:
                        {
                            var name = constants[code[ip++]].AsString;
                            var builtin = ResolveRuntimeName(code[ip++]) ?? VmThrow.UndefinedBuiltin(name, _builtins);
                            var args = VmThrow.SpreadArguments(stack[sp - 1]);
                            frame.Ip = ip;
                            fiber.StackPointer = sp;
                            var result = builtin.Function(_context, args.AsSpan());
                            stack = fiber.Stack;
                            frame = ref fiber.Frames[fiber.FrameCount - 1];
                            stack[sp - 1] = result;
                            if (result.Ref is VmSuspension)
                            {
                                if (SettlePending(fiber, stopDepth, ip, sp))
                                {
                                    return default;
                                }

                                stack = fiber.Stack;
                                frame = ref fiber.Frames[fiber.FrameCount - 1];
                            }

                            break;
                        }

                    case OpCode.MethodCall:
                    case OpCode.MethodCallOpt:
                        {
                            var optional = (OpCode)code[ip - 1] == OpCode.MethodCallOpt;
                            var name = constants[code[ip++]].AsString;
                            var argc = code[ip++];
                            var receiverIndex = sp - argc - 1;
                            var receiver = stack[receiverIndex];
                            Value result;
                            if (optional && receiver.IsNil)
                            {
                                result = default;
                            }
                            else
                            {
                                frame.Ip = ip;
                                fiber.StackPointer = sp;
                                result = CallMethod(receiver, name, new ReadOnlySpan<Value>(stack, receiverIndex + 1, argc));
                                stack = fiber.Stack;
                                frame = ref fiber.Frames[fiber.FrameCount - 1];
                            }

                            Array.Clear(stack, receiverIndex + 1, argc);
                            stack[receiverIndex] = result;
                            sp = receiverIndex + 1;
                            if (result.Ref is VmSuspension)
                            {
                                if (SettlePending(fiber, stopDepth, ip, sp))
                                {
                                    return default;
                                }

                                stack = fiber.Stack;
                                frame = ref fiber.Frames[fiber.FrameCount - 1];
                            }

                            break;
                        }

                    case OpCode.MethodCallSpread:
                        {
                            var name = constants[code[ip++]].AsString;
                            var args = VmThrow.SpreadArguments(stack[sp - 1]);
                            var receiver = stack[sp - 2];
                            frame.Ip = ip;
                            fiber.StackPointer = sp;
                            var result = CallMethod(receiver, name, args.AsSpan());
                            stack = fiber.Stack;
                            frame = ref fiber.Frames[fiber.FrameCount - 1];
                            stack[--sp] = default;
                            stack[sp - 1] = result;
                            if (result.Ref is VmSuspension)
                            {
                                if (SettlePending(fiber, stopDepth, ip, sp))
                                {
                                    return default;
                                }

                                stack = fiber.Stack;
                                frame = ref fiber.Frames[fiber.FrameCount - 1];
                            }

                            break;
                        }

                    case OpCode.Return:
                        {
                            var result = sp > bp ? stack[sp - 1] : default;
                            var calleeIndex = bp - 1;
                            Array.Clear(stack, calleeIndex, sp - calleeIndex);
                            fiber.FrameCount--;
                            DropHandlersAbove(fiber, fiber.FrameCount);
                            DropDeadlinesAbove(fiber);
                            if (fiber.FrameCount == stopDepth)
                            {
                                fiber.StackPointer = calleeIndex;
                                if (stopDepth == 0)
                                {
                                    fiber.Status = FiberStatus.Done;
                                }

                                return result;
                            }

                            stack[calleeIndex] = result;
                            sp = calleeIndex + 1;
                            frame = ref fiber.Frames[fiber.FrameCount - 1];
                            closure = frame.Closure;
                            chunk = closure.Chunk;
                            code = chunk.Code;
                            constants = chunk.Constants;
                            ip = frame.Ip;
                            bp = frame.Base;
                            break;
                        }

                    case OpCode.Closure:
                        stack[sp++] = MakeClosure(closure, chunk.Functions[code[ip++]], stack, bp);
                        break;
                    case OpCode.IterInit:
                        stack[bp + code[ip++]] = Value.FromObject(ValueKind.Object, VmForCursor.Create(stack[--sp]));
                        stack[sp] = default;
                        break;
                    case OpCode.IterNext:
                        {
                            var cursor = (VmForCursor)stack[bp + code[ip++]].Ref!;
                            frame.Ip = ip - 2;
                            fiber.StackPointer = sp;
                            if (cursor.WaitForItem() is { } wait)
                            {
                                // Nothing to pull yet (a channel): wait, then run this instruction again.
                                if (canYield)
                                {
                                    fiber.Pending = wait;
                                    fiber.Status = FiberStatus.Waiting;
                                    return default;
                                }

                                WaitInPlace(wait);
                                stack = fiber.Stack;
                                frame = ref fiber.Frames[fiber.FrameCount - 1];
                            }

                            if (cursor.MoveNext(_context, out var item))
                            {
                                stack = fiber.Stack;
                                frame = ref fiber.Frames[fiber.FrameCount - 1];
                                stack[sp++] = item;
                                ip++;
                            }
                            else
                            {
                                stack = fiber.Stack;
                                frame = ref fiber.Frames[fiber.FrameCount - 1];
                                ip = code[ip];
                            }

                            break;
                        }

                    case OpCode.TryBegin:
                    case OpCode.TryFinally:
                        {
                            var isFinally = (OpCode)code[ip - 1] == OpCode.TryFinally;
                            var catchIp = code[ip++];
                            string? typeName = null;
                            if (!isFinally)
                            {
                                var type = constants[code[ip++]].AsString;
                                typeName = type.Length == 0 ? null : type;
                            }

                            fiber.PushHandler(new FiberHandler
                            {
                                FrameCount = fiber.FrameCount,
                                StackPointer = sp,
                                CatchIp = catchIp,
                                TypeName = typeName,
                                IsFinally = isFinally,
                            });
                            break;
                        }

                    case OpCode.TryEnd:
                        fiber.HandlerCount--;
                        break;
                    case OpCode.Throw:
                        throw HarnRuntimeException.Throw(stack[--sp]);
                    case OpCode.Rethrow:
                        {
                            var pending = stack[--sp];
                            if (pending.Ref is PendingError error)
                            {
                                throw error.Exception;
                            }

                            throw HarnRuntimeException.Throw(pending);
                        }

                    case OpCode.TryUnwrap:
                        {
                            var value = stack[sp - 1];
                            if (HarnEnumVariant.IsResult(value, "Ok"))
                            {
                                stack[sp - 1] = value.As<HarnEnumVariant>().FirstField;
                                break;
                            }

                            if (HarnEnumVariant.IsResult(value, "Err"))
                            {
                                goto case OpCode.Return;
                            }

                            throw RuntimeErrors.Type($"? operator requires a Result value, got {TypeNames.Of(value)}");
                        }

                    case OpCode.WrapOk:
                        {
                            var value = stack[sp - 1];
                            if (!(value.Kind == ValueKind.EnumVariant && value.As<HarnEnumVariant>().EnumName == HarnEnumVariant.ResultEnum))
                            {
                                stack[sp - 1] = HarnEnumVariant.Ok(value);
                            }

                            break;
                        }

                    case OpCode.WrapErr:
                        stack[sp - 1] = HarnEnumVariant.Err(stack[sp - 1]);
                        break;
                    case OpCode.BuildEnum:
                        {
                            var enumName = constants[code[ip++]].AsString;
                            var variant = constants[code[ip++]].AsString;
                            var count = code[ip++];
                            sp -= count;
                            var fields = count == 0 ? HarnList.Empty : HarnList.Create(new ReadOnlySpan<Value>(stack, sp, count));
                            Array.Clear(stack, sp, count);
                            stack[sp++] = HarnEnumVariant.Create(enumName, variant, fields);
                            break;
                        }

                    case OpCode.IsVariant:
                        {
                            var value = stack[sp - 1];
                            var enumName = constants[code[ip++]].AsString;
                            var variant = constants[code[ip++]].AsString;
                            stack[sp++] = Value.FromBool(value.Kind == ValueKind.EnumVariant && value.As<HarnEnumVariant>().Is(enumName, variant));
                            break;
                        }

                    case OpCode.IsType:
                        stack[sp] = Value.FromBool(TypeNames.Of(stack[sp - 1]) == constants[code[ip++]].AsString);
                        sp++;
                        break;
                    case OpCode.IsListAtLeast:
                        {
                            var value = stack[sp - 1];
                            var count = code[ip++];
                            stack[sp++] = Value.FromBool(value.Kind == ValueKind.List && value.AsList.Count >= count);
                            break;
                        }

                    case OpCode.DefineImpl:
                        DefineImpl(constants[code[ip++]].AsString, stack[--sp]);
                        stack[sp] = default;
                        break;
                    case OpCode.Yield:
                        fiber.Yielded = stack[sp - 1];
                        stack[sp - 1] = default;
                        frame.Ip = ip;
                        fiber.StackPointer = sp;
                        fiber.Status = FiberStatus.Suspended;
                        return default;
                    case OpCode.ImportModule:
                        {
                            var module = _modules[code[ip++]];
                            if (module.Started)
                            {
                                stack[sp++] = default;
                                break;
                            }

                            module.Started = true;
                            var top = new Closure(module.Compiled.TopLevel, Array.Empty<ClosureCell>(), module);
                            frame.Ip = ip;
                            stack[sp] = top.ToValue();
                            PushClosureFrame(fiber, top, sp + 1, 0);
                            frame = ref fiber.Frames[fiber.FrameCount - 1];
                            closure = top;
                            chunk = top.Chunk;
                            code = chunk.Code;
                            constants = chunk.Constants;
                            stack = fiber.Stack;
                            ip = 0;
                            bp = frame.Base;
                            sp = fiber.StackPointer;
                            break;
                        }

                    case OpCode.GetModuleGlobal:
                        {
                            var module = _modules[code[ip++]];
                            var index = code[ip++];
                            var value = module.Globals[index];
                            if (value.Kind == ValueKind.Object && ReferenceEquals(value.Ref, VmModule.Unset))
                            {
                                VmThrow.UndefinedGlobal(module, index, this);
                            }

                            stack[sp++] = value;
                            break;
                        }

                    case OpCode.GetArgCount:
                        stack[sp++] = Value.FromInt(frame.ArgCount);
                        break;
                    case OpCode.DeadlineBegin:
                        BeginDeadline(fiber, stack[--sp]);
                        stack[sp] = default;
                        break;
                    case OpCode.DeadlineEnd:
                        EndDeadline(fiber);
                        break;
                    default:
                        throw RuntimeErrors.Runtime($"Invalid instruction: 0x{code[ip - 1]:x2}");
                }
            }
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

        // Record where the failing instruction was so the handler search and the error position are right.
        frame = ref fiber.Frames[fiber.FrameCount - 1];
        frame.Ip = ip;
        fiber.StackPointer = sp;
        throw failure;
    }
}
