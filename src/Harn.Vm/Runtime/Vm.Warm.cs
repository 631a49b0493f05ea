using Harn.Bytecode;
using Harn.Stdlib;

namespace Harn.Runtime;

internal sealed partial class Vm
{
    /// <summary>
    /// Runs the instruction at the top frame's ip that <see cref="RunHot{TCount}"/> handed back: the
    /// frequent ones that call into the host (builtins, formatting, property lookups that miss
    /// their site's cache, calls that adapt arguments, returns that end the dispatch) and the
    /// general case of the hot instructions; everything else goes to <see cref="ExecuteCold"/>.
    /// State comes from and goes back to the fiber. Returns true when <see cref="Interpret"/>
    /// must return <paramref name="result"/>.
    /// </summary>
    private bool ExecuteWarm(Fiber fiber, int stopDepth, bool canYield, out Value result)
    {
        result = default;
        ref var frame = ref fiber.Frames[fiber.FrameCount - 1];
        var chunk = frame.Closure.Chunk;
        var code = chunk.Code;
        var stack = fiber.Stack;
        var at = frame.Ip;
        var sp = fiber.StackPointer;

        // An error raised from here on is positioned at this instruction.
        frame.Ip = at + 1;
        switch ((OpCode)code[at])
        {
            case OpCode.CallBuiltin:
                {
                    // An unknown name takes the cold path, which raises the error.
                    var builtin = ResolveRuntimeName(code[at + 2]);
                    if (builtin is null)
                    {
                        break;
                    }

                    var argc = code[at + 3];
                    var argStart = sp - argc;
                    var next = at + 4;
                    frame.Ip = next;
                    var value = builtin.Function(_context, new ReadOnlySpan<Value>(stack, argStart, argc));

                    // The builtin may have called back into Harn, growing the stack or the frames.
                    stack = fiber.Stack;
                    ClearSlots(stack, argStart, argc);
                    stack[argStart] = value;
                    sp = argStart + 1;
                    fiber.StackPointer = sp;
                    return (value.Ref is VmSuspension || _trap) && SettleBuiltinResult(fiber, stopDepth, next, sp);
                }

            case OpCode.Concat:
                {
                    var count = code[at + 1];
                    var text = ConcatDisplay(stack, sp - count, count);
                    sp -= count;
                    stack[sp] = Value.FromString(text);
                    ClearSlots(stack, sp + 1, count - 1);
                    fiber.StackPointer = sp + 1;
                    frame.Ip = at + 2;
                    return false;
                }

            case OpCode.GetProperty:
                {
                    var value = ReadProperty(stack[sp - 1], chunk, at, chunk.Constants[code[at + 1]].AsString);
                    fiber.Stack[sp - 1] = value;
                    frame.Ip = at + 2;
                    return false;
                }

            case OpCode.GetLocalProperty:
                {
                    var value = ReadProperty(stack[frame.Base + code[at + 1]], chunk, at, chunk.Constants[code[at + 2]].AsString);
                    fiber.Stack[sp] = value;
                    fiber.StackPointer = sp + 1;
                    fiber.Frames[fiber.FrameCount - 1].Ip = at + 3;
                    return false;
                }

            case OpCode.Call:
            case OpCode.TailCall:
                {
                    // Closures whose arguments need adapting, or with no room left; other callees run cold.
                    var argc = code[at + 1];
                    var calleeIndex = sp - argc - 1;
                    if (stack[calleeIndex].Ref is not Closure target || target.Chunk.IsGenerator)
                    {
                        break;
                    }

                    var bp = frame.Base;
                    frame.Ip = at + 2;
                    if ((OpCode)code[at] == OpCode.TailCall)
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
                        return true;
                    }

                    return false;
                }

            case OpCode.MethodCall:
            case OpCode.MethodCallOpt:
                return CallMethodAt(fiber, stopDepth, at);
            case OpCode.Return:
                return ReturnFromFrame(fiber, stopDepth, out result);
            case OpCode.Jump:
                {
                    var target = code[at + 1];
                    if (target <= at && _trap && PollTrap(fiber, canYield))
                    {
                        fiber.Frames[fiber.FrameCount - 1].Ip = target;
                        fiber.Status = FiberStatus.Yielded;
                        return true;
                    }

                    // Interrupt handlers may have run in between, on frames above this one.
                    fiber.Frames[fiber.FrameCount - 1].Ip = target;
                    return false;
                }

            case OpCode.Not:
                stack[sp - 1] = Value.FromBool(!Truthiness.IsTruthy(stack[sp - 1]));
                return false;
            case OpCode.JumpIfFalse:
            case OpCode.JumpIfTrue:
                {
                    var jumpWhen = (OpCode)code[at] == OpCode.JumpIfTrue;
                    var truth = Truthiness.IsTruthy(stack[sp - 1]);
                    stack[--sp] = default;
                    fiber.StackPointer = sp;
                    frame.Ip = truth == jumpWhen ? code[at + 1] : at + 2;
                    return false;
                }

            case OpCode.JumpIfFalseKeep:
            case OpCode.JumpIfTrueKeep:
                {
                    // The value stays as the result when the jump is taken.
                    var jumpWhen = (OpCode)code[at] == OpCode.JumpIfTrueKeep;
                    if (Truthiness.IsTruthy(stack[sp - 1]) == jumpWhen)
                    {
                        frame.Ip = code[at + 1];
                        return false;
                    }

                    stack[--sp] = default;
                    fiber.StackPointer = sp;
                    frame.Ip = at + 2;
                    return false;
                }

            case OpCode.GetGlobal:
                frame.Ip = at + 2;
                VmThrow.UndefinedGlobal(frame.Closure.Module, code[at + 1], this);
                break;
        }

        frame.Ip = at;
        return ExecuteCold(fiber, stopDepth, canYield, out result);
    }

    /// <summary>
    /// <c>receiver.name(args)</c> at <paramref name="at"/> (<c>?.</c> skips a nil receiver): a list's
    /// map or filter by a one-parameter closure runs as a <see cref="CallbackLoop"/> frame, anything
    /// else through <see cref="CallMethod"/>. True when the call left a wait the fiber must return for.
    /// </summary>
    private bool CallMethodAt(Fiber fiber, int stopDepth, int at)
    {
        ref var frame = ref fiber.Frames[fiber.FrameCount - 1];
        var closure = frame.Closure;
        var code = closure.Chunk.Code;
        var stack = fiber.Stack;
        var sp = fiber.StackPointer;
        var name = closure.Chunk.Constants[code[at + 1]].AsString;
        var argc = code[at + 2];
        var next = at + 3;
        var receiverIndex = sp - argc - 1;
        var receiver = stack[receiverIndex];
        frame.Ip = next;
        if (argc == 1 && CallbackLoop.TryStart(receiver, name, stack[receiverIndex + 1]) is { } loop)
        {
            // The loop runs as a hidden frame; its result lands where the method's would.
            var runner = new Closure(CallbackLoop.Chunk, Array.Empty<ClosureCell>(), closure.Module);
            stack[receiverIndex] = runner.ToValue();
            stack[receiverIndex + 1] = Value.FromObject(ValueKind.Object, loop);
            PushClosureFrame(fiber, runner, receiverIndex + 1, 1);
            return false;
        }

        var value = (OpCode)code[at] == OpCode.MethodCallOpt && receiver.IsNil
            ? Value.Nil
            : CallMethod(receiver, name, new ReadOnlySpan<Value>(stack, receiverIndex + 1, argc));

        // The method may have called back into Harn, growing the stack or the frames.
        stack = fiber.Stack;
        ClearSlots(stack, receiverIndex + 1, argc);
        stack[receiverIndex] = value;
        sp = receiverIndex + 1;
        fiber.StackPointer = sp;
        return value.Ref is VmSuspension && SettlePending(fiber, stopDepth, next, sp);
    }

    /// <summary>
    /// <c>target.name</c> for the read site at <paramref name="at"/>: struct and dict reads remember
    /// where they found the name, for the hot loop's next visit.
    /// </summary>
    private static Value ReadProperty(Value target, Chunk chunk, int at, string name)
    {
        ref var hint = ref chunk.PropertyHints[at];
        switch (target.Kind)
        {
            case ValueKind.Dict:
                return ((HarnDict)target.Ref!).Get(name, ref hint);
            case ValueKind.Struct:
                {
                    var instance = (HarnStruct)target.Ref!;
                    var index = instance.Layout.IndexOf(name);
                    if (index >= 0)
                    {
                        hint = index;
                    }

                    return instance.Get(name);
                }

            default:
                return PropertyAccess.Get(target, name);
        }
    }
}
