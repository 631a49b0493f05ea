using Harn.Bytecode;
using Harn.Stdlib;

namespace Harn.Runtime;

internal sealed partial class Vm
{
    /// <summary>
    /// Runs the instruction at the top frame's <see cref="Frame.Ip"/>: one the hot loop does not
    /// handle, or a slow path of one it does (operands that are not ints, a callee that is not a
    /// plain closure). State comes from and goes back to the fiber. Returns true when
    /// <see cref="Interpret"/> must return <paramref name="result"/> (the fiber suspended, yielded
    /// or finished).
    /// </summary>
    private bool ExecuteCold(Fiber fiber, int stopDepth, bool canYield, out Value result)
    {
        result = default;
        ref var frame = ref fiber.Frames[fiber.FrameCount - 1];
        var closure = frame.Closure;
        var chunk = closure.Chunk;
        var code = chunk.Code;
        var constants = chunk.Constants;
        var stack = fiber.Stack;
        var ip = frame.Ip;
        var bp = frame.Base;
        var sp = fiber.StackPointer;
        var op = (OpCode)code[ip++];

        // An error raised from here on is positioned at this instruction.
        frame.Ip = ip;

        // Set by the call instructions: the value they left on the stack top may be a pending wait.
        var settle = false;
        switch (op)
        {
            case OpCode.Swap:
                (stack[sp - 1], stack[sp - 2]) = (stack[sp - 2], stack[sp - 1]);
                break;
            case OpCode.NewCell:
                stack[bp + code[ip++]] = Value.FromObject(ValueKind.Object, new ClosureCell(stack[--sp]));
                stack[sp] = default;
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
                stack[sp - 2] = Arithmetic.Add(stack[sp - 2], stack[sp - 1]);
                stack[--sp] = default;
                break;
            case OpCode.Subtract:
                stack[sp - 2] = Arithmetic.Subtract(stack[sp - 2], stack[sp - 1]);
                stack[--sp] = default;
                break;
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
                stack[sp - 2] = Value.FromBool(ValueComparer.Less(stack[sp - 2], stack[sp - 1]));
                stack[--sp] = default;
                break;
            case OpCode.Greater:
                stack[sp - 2] = Value.FromBool(ValueComparer.Greater(stack[sp - 2], stack[sp - 1]));
                stack[--sp] = default;
                break;
            case OpCode.LessEqual:
                stack[sp - 2] = Value.FromBool(ValueComparer.LessOrEqual(stack[sp - 2], stack[sp - 1]));
                stack[--sp] = default;
                break;
            case OpCode.GreaterEqual:
                stack[sp - 2] = Value.FromBool(ValueComparer.GreaterOrEqual(stack[sp - 2], stack[sp - 1]));
                stack[--sp] = default;
                break;
            case OpCode.Contains:
                stack[sp - 2] = Value.FromBool(ValueAccess.Contains(stack[sp - 1], stack[sp - 2]));
                stack[--sp] = default;
                break;
            case OpCode.CompareJump:
                {
                    var test = code[ip++];
                    var taken = ComparisonTest.Takes(test, stack[sp - 2], stack[sp - 1]);
                    stack[--sp] = default;
                    stack[--sp] = default;
                    ip = taken ? code[ip] : ip + 1;
                    break;
                }

            case OpCode.CompareConstJump:
                {
                    var constant = constants[code[ip++]];
                    var test = code[ip++];
                    var taken = ComparisonTest.Takes(test, stack[sp - 1], constant);
                    stack[--sp] = default;
                    ip = taken ? code[ip] : ip + 1;
                    break;
                }

            case OpCode.CompareLocalConstJump:
                {
                    var local = stack[bp + code[ip++]];
                    var constant = constants[code[ip++]];
                    var test = code[ip++];
                    ip = ComparisonTest.Takes(test, local, constant) ? code[ip] : ip + 1;
                    break;
                }

            case OpCode.AddConst:
                stack[sp - 1] = Arithmetic.Add(stack[sp - 1], constants[code[ip++]]);
                break;
            case OpCode.SubtractConst:
                stack[sp - 1] = Arithmetic.Subtract(stack[sp - 1], constants[code[ip++]]);
                break;
            case OpCode.MultiplyConst:
                stack[sp - 1] = Arithmetic.Multiply(stack[sp - 1], constants[code[ip++]]);
                break;
            case OpCode.ModuloConst:
                stack[sp - 1] = Arithmetic.Modulo(stack[sp - 1], constants[code[ip++]]);
                break;
            case OpCode.AddLocal:
                stack[sp - 1] = Arithmetic.Add(stack[sp - 1], stack[bp + code[ip++]]);
                break;
            case OpCode.AddConstToLocal:
                {
                    var slot = bp + code[ip++];
                    stack[slot] = Arithmetic.Add(stack[slot], constants[code[ip++]]);
                    break;
                }

            case OpCode.SubtractConstFromLocal:
                {
                    var slot = bp + code[ip++];
                    stack[slot] = Arithmetic.Subtract(stack[slot], constants[code[ip++]]);
                    break;
                }

            case OpCode.LoopNext:
                {
                    var loop = (CallbackLoop)stack[bp + code[ip++]].Ref!;
                    if (loop.Index < loop.Source.Count)
                    {
                        stack[sp++] = loop.Callback;
                        stack[sp++] = loop.Source[loop.Index];
                        ip++;
                    }
                    else
                    {
                        ip = code[ip];
                    }

                    break;
                }

            case OpCode.LoopCollectNext:
                {
                    var loop = (CallbackLoop)stack[bp + code[ip++]].Ref!;
                    var returned = stack[--sp];
                    stack[sp] = default;
                    if (!loop.Filters)
                    {
                        loop.Results[loop.Index] = returned;
                    }
                    else if (Truthiness.IsTruthy(returned))
                    {
                        loop.Results[loop.Count++] = loop.Source[loop.Index];
                    }

                    if (++loop.Index < loop.Source.Count)
                    {
                        stack[sp++] = loop.Callback;
                        stack[sp++] = loop.Source[loop.Index];
                        ip = code[ip];
                    }
                    else
                    {
                        ip = code[ip + 1];
                    }

                    break;
                }

            case OpCode.LoopResult:
                stack[sp++] = Value.FromList(((CallbackLoop)stack[bp + code[ip++]].Ref!).Finish());
                break;
            case OpCode.AddLocalToLocal:
                {
                    var slot = bp + code[ip++];
                    stack[slot] = Arithmetic.Add(stack[slot], stack[bp + code[ip++]]);
                    break;
                }

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
            case OpCode.PutPropertyOwned:
                stack[sp - 2] = ValueAccess.WithPropertyOwned(stack[sp - 2], constants[code[ip++]].AsString, stack[sp - 1]);
                stack[--sp] = default;
                break;
            case OpCode.AddOwned:
                stack[sp - 2] = ValueAccess.AddOwned(stack[sp - 2], stack[sp - 1]);
                stack[--sp] = default;
                break;
            case OpCode.PutIndexOwned:
                {
                    if (ValueAccess.TryWithIndexOwned(stack[sp - 3], stack[sp - 2], stack[sp - 1], out var updated))
                    {
                        stack[sp - 3] = updated;
                    }

                    stack[--sp] = default;
                    stack[--sp] = default;
                    break;
                }

            case OpCode.GetLocalShared:
                {
                    var value = stack[bp + code[ip++]];
                    VariableOwnership.Release(value);
                    stack[sp++] = value;
                    break;
                }

            case OpCode.GetGlobalShared:
                {
                    var index = code[ip++];
                    var value = closure.Module.Globals[index];
                    if (value.Kind == ValueKind.Object && ReferenceEquals(value.Ref, VmModule.Unset))
                    {
                        VmThrow.UndefinedGlobal(closure.Module, index, this);
                    }

                    VariableOwnership.Release(value);
                    stack[sp++] = value;
                    break;
                }

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
                    // The hot loop runs plain closures; here: builtins, generators and what cannot be called.
                    var argc = code[ip++];
                    var calleeIndex = sp - argc - 1;
                    frame.Ip = ip;
                    fiber.StackPointer = sp;
                    var value = CallValue(stack[calleeIndex], new ReadOnlySpan<Value>(stack, calleeIndex + 1, argc));
                    stack = fiber.Stack;
                    stack[calleeIndex] = value;
                    Array.Clear(stack, calleeIndex + 1, argc);
                    sp = calleeIndex + 1;
                    settle = true;
                    break;
                }

            case OpCode.CallSpread:
                {
                    var args = VmThrow.SpreadArguments(stack[sp - 1]);
                    var callee = stack[sp - 2];
                    sp -= 2;
                    fiber.StackPointer = sp;
                    var value = CallValue(callee, args.AsSpan());
                    stack = fiber.Stack;
                    stack[sp + 1] = default;
                    stack[sp++] = value;
                    settle = true;
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
                    var value = builtin.Function(_context, new ReadOnlySpan<Value>(stack, argStart, argc));
                    stack = fiber.Stack;
                    Array.Clear(stack, argStart, argc);
                    stack[argStart] = value;
                    sp = argStart + 1;
                    settle = true;
                    break;
                }

            case OpCode.CallBuiltinSpread:
                {
                    var name = constants[code[ip++]].AsString;
                    var builtin = ResolveRuntimeName(code[ip++]) ?? VmThrow.UndefinedBuiltin(name, _builtins);
                    var args = VmThrow.SpreadArguments(stack[sp - 1]);
                    frame.Ip = ip;
                    fiber.StackPointer = sp;
                    var value = builtin.Function(_context, args.AsSpan());
                    stack = fiber.Stack;
                    stack[sp - 1] = value;
                    settle = true;
                    break;
                }

            case OpCode.MethodCallSpread:
                {
                    var name = constants[code[ip++]].AsString;
                    var args = VmThrow.SpreadArguments(stack[sp - 1]);
                    var receiver = stack[sp - 2];
                    frame.Ip = ip;
                    fiber.StackPointer = sp;
                    var value = CallMethod(receiver, name, args.AsSpan());
                    stack = fiber.Stack;
                    stack[--sp] = default;
                    stack[sp - 1] = value;
                    settle = true;
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
            case OpCode.IterNextLocal:
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
                            return true;
                        }

                        WaitInPlace(wait);
                    }

                    frame = ref fiber.Frames[fiber.FrameCount - 1];
                    frame.Ip = ip;
                    var more = cursor.MoveNext(_context, out var item);
                    stack = fiber.Stack;
                    if (op == OpCode.IterNextLocal)
                    {
                        // The item goes into its local; the exit operand follows the local's.
                        if (more)
                        {
                            stack[bp + code[ip]] = item;
                        }

                        ip = more ? ip + 2 : code[ip + 1];
                    }
                    else if (more)
                    {
                        stack[sp++] = item;
                        ip++;
                    }
                    else
                    {
                        ip = code[ip];
                    }

                    break;
                }

            case OpCode.TryBegin:
            case OpCode.TryFinally:
                {
                    var isFinally = op == OpCode.TryFinally;
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
                        // `expr?` on an error returns it from the function.
                        fiber.StackPointer = sp;
                        return ReturnFromFrame(fiber, stopDepth, out result);
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
                return true;
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
                    return false;
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

                    // Another module's variable is handed on here, so it may be shared from now on.
                    VariableOwnership.Release(value);

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

        // Calls may have grown the frame array; the frame that ran this instruction is still the top one.
        fiber.Frames[fiber.FrameCount - 1].Ip = ip;
        fiber.StackPointer = sp;
        if (settle && fiber.Stack[sp - 1].Ref is VmSuspension && SettlePending(fiber, stopDepth, ip, sp))
        {
            return true;
        }

        if (settle && op == OpCode.CallBuiltin && _trap)
        {
            // A slow builtin may have outlived a deadline or the run.
            PollTrap(fiber, false);
        }

        return false;
    }

    /// <summary>Returns from the top frame with the value on its stack top (nil when empty); true when that ends this dispatch.</summary>
    private bool ReturnFromFrame(Fiber fiber, int stopDepth, out Value result)
    {
        ref var frame = ref fiber.Frames[fiber.FrameCount - 1];
        var stack = fiber.Stack;
        var sp = fiber.StackPointer;
        var bp = frame.Base;
        result = sp > bp ? stack[sp - 1] : default;
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

            return true;
        }

        stack[calleeIndex] = result;
        fiber.StackPointer = calleeIndex + 1;
        result = default;
        return false;
    }
}
