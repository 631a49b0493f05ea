using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Harn.Bytecode;

namespace Harn.Runtime;

internal sealed partial class Vm
{
    /// <summary>
    /// Type argument of <see cref="RunHot{TCount}"/> for a run with an instruction limit: that copy
    /// of the loop counts every instruction. The JIT compiles one copy per type argument, so a run
    /// without a limit (<see cref="CountNothing"/>) pays nothing for the count.
    /// </summary>
    private struct CountInstructions;

    /// <summary>Type argument of <see cref="RunHot{TCount}"/> for a run without an instruction limit.</summary>
    private struct CountNothing;

    /// <summary>Why <see cref="RunHot{TCount}"/> handed control back to <see cref="Interpret"/>.</summary>
    private enum HotExit
    {
        /// <summary>The instruction at the top frame's ip needs <see cref="ExecuteWarm"/>.</summary>
        Instruction,

        /// <summary>A call was made with the trap raised: poll it, then go on.</summary>
        Poll,

        /// <summary>The instruction countdown ran out.</summary>
        Refuel,

        /// <summary>The frame at the stop depth returned; its result sits just above the fiber's stack top.</summary>
        Returned,
    }

    /// <summary>
    /// The hot loop: the frequent instructions on ints, locals, jumps, plain closure calls and
    /// cached property reads. It calls out only where the work outweighs a call (joining an
    /// interpolation, scanning a string for <c>len</c>), since every call makes the JIT spill the
    /// VM state around it; elsewhere that state stays in registers: the stack top and the frame's
    /// locals as references into the stack, the code and constants as references to their first
    /// element (no bounds checks: every frame push reserves <see cref="Chunk.FrameSize"/> slots,
    /// which covers the compiler's stack bound). At the first instruction or slow path it does not
    /// handle, it stores that state into the fiber (the top frame's ip at that instruction, which
    /// is already counted) and returns. A value's kind fixes the class of its reference
    /// (<see cref="Value"/>'s factories pair them), so a kind-checked reference is reinterpreted
    /// with <see cref="Unsafe.As{T}(object)"/>: a checked cast would call a helper.
    /// </summary>
    private HotExit RunHot<TCount>(Fiber fiber, int stopDepth)
        where TCount : struct
    {
        // As few long-lived locals as registers allow; the frame itself is looked up again where
        // it is needed (calls, returns, leaving), which is rare next to the instructions.
        ref var current = ref fiber.Frames[fiber.FrameCount - 1];
        var closure = current.Closure;
        var ip = current.Ip;
        ref var code = ref MemoryMarshal.GetArrayDataReference(closure.Chunk.Code);
        ref var constants = ref MemoryMarshal.GetArrayDataReference(closure.Chunk.Constants);
        ref var locals = ref Slot(ref MemoryMarshal.GetArrayDataReference(fiber.Stack), current.Base);
        ref var top = ref Slot(ref MemoryMarshal.GetArrayDataReference(fiber.Stack), fiber.StackPointer);
        var fuel = _fuel;

        while (true)
        {
            if (typeof(TCount) == typeof(CountInstructions) && --fuel < 0)
            {
                fiber.Frames[fiber.FrameCount - 1].Ip = ip;
                fiber.StackPointer = SlotIndex(fiber, ref top);
                _fuel = fuel;
                return HotExit.Refuel;
            }

            switch ((OpCode)Word(ref code, ip++))
            {
                case OpCode.Constant:
                    Value.Store(ref top, in Slot(ref constants, Word(ref code, ip++)));
                    top = ref Slot(ref top, 1);
                    continue;
                case OpCode.Nil:
                    top = default;
                    top = ref Slot(ref top, 1);
                    continue;
                case OpCode.True:
                    top = Value.FromBool(true);
                    top = ref Slot(ref top, 1);
                    continue;
                case OpCode.False:
                    top = Value.FromBool(false);
                    top = ref Slot(ref top, 1);
                    continue;
                case OpCode.Pop:
                    top = ref Slot(ref top, -1);
                    top = default;
                    continue;
                case OpCode.Dup:
                    Value.Store(ref top, in Slot(ref top, -1));
                    top = ref Slot(ref top, 1);
                    continue;
                case OpCode.GetLocal:
                    Value.Store(ref top, in Slot(ref locals, Word(ref code, ip++)));
                    top = ref Slot(ref top, 1);
                    continue;
                case OpCode.SetLocal:
                    top = ref Slot(ref top, -1);
                    Value.Store(ref Slot(ref locals, Word(ref code, ip++)), in top);
                    top = default;
                    continue;
                case OpCode.GetCell:
                    Value.Store(ref top, in ((ClosureCell)Slot(ref locals, Word(ref code, ip++)).Ref!).Value);
                    top = ref Slot(ref top, 1);
                    continue;
                case OpCode.SetCell:
                    top = ref Slot(ref top, -1);
                    ((ClosureCell)Slot(ref locals, Word(ref code, ip++)).Ref!).Value = top;
                    top = default;
                    continue;
                case OpCode.GetUpvalue:
                    Value.Store(ref top, in closure.Captures[Word(ref code, ip++)].Value);
                    top = ref Slot(ref top, 1);
                    continue;
                case OpCode.SetUpvalue:
                    top = ref Slot(ref top, -1);
                    closure.Captures[Word(ref code, ip++)].Value = top;
                    top = default;
                    continue;
                case OpCode.GetGlobal:
                    {
                        ref var value = ref closure.Module.Globals[Word(ref code, ip)];
                        if (value.Kind == ValueKind.Object && ReferenceEquals(value.Ref, VmModule.Unset))
                        {
                            break;
                        }

                        Value.Store(ref top, in value);
                        top = ref Slot(ref top, 1);
                        ip++;
                        continue;
                    }

                case OpCode.SetGlobal:
                    top = ref Slot(ref top, -1);
                    closure.Module.Globals[Word(ref code, ip++)] = top;
                    top = default;
                    continue;
                case OpCode.Add:
                    {
                        ref var a = ref Slot(ref top, -2);
                        ref var b = ref Slot(ref top, -1);
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            a = Value.FromInt(unchecked(a.AsInt + b.AsInt));
                            top = ref b;
                            continue;
                        }

                        break;
                    }

                case OpCode.Subtract:
                    {
                        ref var a = ref Slot(ref top, -2);
                        ref var b = ref Slot(ref top, -1);
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            a = Value.FromInt(unchecked(a.AsInt - b.AsInt));
                            top = ref b;
                            continue;
                        }

                        break;
                    }

                case OpCode.Multiply:
                    {
                        ref var a = ref Slot(ref top, -2);
                        ref var b = ref Slot(ref top, -1);
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            a = Value.FromInt(unchecked(a.AsInt * b.AsInt));
                            top = ref b;
                            continue;
                        }

                        break;
                    }

                case OpCode.Modulo:
                    {
                        ref var a = ref Slot(ref top, -2);
                        ref var b = ref Slot(ref top, -1);
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int && b.AsInt > 0)
                        {
                            a = Value.FromInt(a.AsInt % b.AsInt);
                            top = ref b;
                            continue;
                        }

                        break;
                    }

                case OpCode.Equal:
                    {
                        ref var a = ref Slot(ref top, -2);
                        ref var b = ref Slot(ref top, -1);
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            a = Value.FromBool(a.AsInt == b.AsInt);
                            top = ref b;
                            continue;
                        }

                        break;
                    }

                case OpCode.NotEqual:
                    {
                        ref var a = ref Slot(ref top, -2);
                        ref var b = ref Slot(ref top, -1);
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            a = Value.FromBool(a.AsInt != b.AsInt);
                            top = ref b;
                            continue;
                        }

                        break;
                    }

                case OpCode.Less:
                    {
                        ref var a = ref Slot(ref top, -2);
                        ref var b = ref Slot(ref top, -1);
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            a = Value.FromBool(a.AsInt < b.AsInt);
                            top = ref b;
                            continue;
                        }

                        break;
                    }

                case OpCode.Greater:
                    {
                        ref var a = ref Slot(ref top, -2);
                        ref var b = ref Slot(ref top, -1);
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            a = Value.FromBool(a.AsInt > b.AsInt);
                            top = ref b;
                            continue;
                        }

                        break;
                    }

                case OpCode.LessEqual:
                    {
                        ref var a = ref Slot(ref top, -2);
                        ref var b = ref Slot(ref top, -1);
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            a = Value.FromBool(a.AsInt <= b.AsInt);
                            top = ref b;
                            continue;
                        }

                        break;
                    }

                case OpCode.GreaterEqual:
                    {
                        ref var a = ref Slot(ref top, -2);
                        ref var b = ref Slot(ref top, -1);
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            a = Value.FromBool(a.AsInt >= b.AsInt);
                            top = ref b;
                            continue;
                        }

                        break;
                    }

                case OpCode.CompareLocalConstJump:
                    {
                        ref var a = ref Slot(ref locals, Word(ref code, ip));
                        ref var b = ref Slot(ref constants, Word(ref code, ip + 1));
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            ip = ComparisonTest.TakesInt(Word(ref code, ip + 2), a.AsInt, b.AsInt) ? Word(ref code, ip + 3) : ip + 4;
                            continue;
                        }

                        break;
                    }

                case OpCode.CompareConstJump:
                    {
                        ref var a = ref Slot(ref top, -1);
                        ref var b = ref Slot(ref constants, Word(ref code, ip));
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            ip = ComparisonTest.TakesInt(Word(ref code, ip + 1), a.AsInt, b.AsInt) ? Word(ref code, ip + 2) : ip + 3;
                            top = ref a;
                            continue;
                        }

                        break;
                    }

                case OpCode.CompareJump:
                    {
                        ref var a = ref Slot(ref top, -2);
                        ref var b = ref Slot(ref top, -1);
                        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            ip = ComparisonTest.TakesInt(Word(ref code, ip), a.AsInt, b.AsInt) ? Word(ref code, ip + 1) : ip + 2;
                            top = ref a;
                            continue;
                        }

                        break;
                    }

                case OpCode.AddConst:
                    {
                        ref var a = ref Slot(ref top, -1);
                        ref var b = ref Slot(ref constants, Word(ref code, ip));
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
                        ref var a = ref Slot(ref top, -1);
                        ref var b = ref Slot(ref constants, Word(ref code, ip));
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
                        ref var a = ref Slot(ref top, -1);
                        ref var b = ref Slot(ref constants, Word(ref code, ip));
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
                        ref var a = ref Slot(ref top, -1);
                        ref var b = ref Slot(ref constants, Word(ref code, ip));
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
                        ref var a = ref Slot(ref top, -1);
                        ref var b = ref Slot(ref locals, Word(ref code, ip));
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
                        ref var local = ref Slot(ref locals, Word(ref code, ip));
                        ref var b = ref Slot(ref constants, Word(ref code, ip + 1));
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
                        ref var local = ref Slot(ref locals, Word(ref code, ip));
                        ref var b = ref Slot(ref constants, Word(ref code, ip + 1));
                        if (local.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            local = Value.FromInt(unchecked(local.AsInt - b.AsInt));
                            ip += 2;
                            continue;
                        }

                        break;
                    }

                case OpCode.AddLocalToLocal:
                    {
                        ref var local = ref Slot(ref locals, Word(ref code, ip));
                        ref var b = ref Slot(ref locals, Word(ref code, ip + 1));
                        if (local.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                        {
                            local = Value.FromInt(unchecked(local.AsInt + b.AsInt));
                            ip += 2;
                            continue;
                        }

                        break;
                    }

                case OpCode.Not:
                    {
                        ref var operand = ref Slot(ref top, -1);
                        if (operand.Kind == ValueKind.Bool)
                        {
                            operand = Value.FromBool(!operand.AsBool);
                            continue;
                        }

                        break;
                    }

                case OpCode.Jump:
                    {
                        // A backward jump with the trap raised polls it on the warm path.
                        var target = Word(ref code, ip);
                        if (target < ip && _trap)
                        {
                            break;
                        }

                        ip = target;
                        continue;
                    }

                case OpCode.JumpIfFalse:
                    {
                        ref var condition = ref Slot(ref top, -1);
                        if (condition.Kind != ValueKind.Bool)
                        {
                            break;
                        }

                        ip = condition.AsBool ? ip + 1 : Word(ref code, ip);
                        condition = default;
                        top = ref condition;
                        continue;
                    }

                case OpCode.JumpIfTrue:
                    {
                        ref var condition = ref Slot(ref top, -1);
                        if (condition.Kind != ValueKind.Bool)
                        {
                            break;
                        }

                        ip = condition.AsBool ? Word(ref code, ip) : ip + 1;
                        condition = default;
                        top = ref condition;
                        continue;
                    }

                case OpCode.JumpIfFalseKeep:
                    {
                        ref var condition = ref Slot(ref top, -1);
                        if (condition.Kind != ValueKind.Bool)
                        {
                            break;
                        }

                        if (condition.AsBool)
                        {
                            condition = default;
                            top = ref condition;
                            ip++;
                        }
                        else
                        {
                            ip = Word(ref code, ip);
                        }

                        continue;
                    }

                case OpCode.JumpIfTrueKeep:
                    {
                        ref var condition = ref Slot(ref top, -1);
                        if (condition.Kind != ValueKind.Bool)
                        {
                            break;
                        }

                        if (condition.AsBool)
                        {
                            ip = Word(ref code, ip);
                        }
                        else
                        {
                            condition = default;
                            top = ref condition;
                            ip++;
                        }

                        continue;
                    }

                case OpCode.IterNext:
                    {
                        // Lists and ranges step here; other sources may wait or call back.
                        if (Slot(ref locals, Word(ref code, ip)).Ref is not VmForCursor { IsDirect: true } cursor)
                        {
                            break;
                        }

                        if (cursor.MoveNextInto(ref top))
                        {
                            top = ref Slot(ref top, 1);
                            ip += 2;
                        }
                        else
                        {
                            ip = Word(ref code, ip + 1);
                        }

                        continue;
                    }

                case OpCode.IterNextLocal:
                    {
                        if (Slot(ref locals, Word(ref code, ip)).Ref is not VmForCursor { IsDirect: true } cursor)
                        {
                            break;
                        }

                        ip = cursor.MoveNextInto(ref Slot(ref locals, Word(ref code, ip + 1))) ? ip + 3 : Word(ref code, ip + 2);
                        continue;
                    }

                case OpCode.CallBuiltin:
                    {
                        // The standard `len` of a string or collection, once this name resolved to it;
                        // other builtins run warm.
                        if (Word(ref code, ip + 2) != 1 || !_inlineLength[Word(ref code, ip + 1)])
                        {
                            break;
                        }

                        ref var argument = ref Slot(ref top, -1);
                        long length;
                        if (argument.Kind == ValueKind.String)
                        {
                            // Scalars: one per char unless a surrogate pair is among them (counted warm).
                            var text = Unsafe.As<string>(argument.Ref!);
                            if (text.AsSpan().ContainsAnyInRange('\uD800', '\uDBFF'))
                            {
                                break;
                            }

                            length = text.Length;
                        }
                        else if (argument.Kind == ValueKind.List)
                        {
                            length = Unsafe.As<HarnList>(argument.Ref!).Count;
                        }
                        else if (argument.Kind == ValueKind.Dict)
                        {
                            length = Unsafe.As<HarnDict>(argument.Ref!).Count;
                        }
                        else
                        {
                            break;
                        }

                        argument = Value.FromInt(length);
                        ip += 3;
                        continue;
                    }

                case OpCode.Concat:
                    {
                        // An interpolation of strings and ints; other parts are formatted on the warm path.
                        var count = Word(ref code, ip);
                        ref var first = ref Slot(ref top, -count);
                        if (count < 2 || ConcatStringsAndInts(fiber.Stack, SlotIndex(fiber, ref first), count) is not { } text)
                        {
                            break;
                        }

                        first = Value.FromString(text);
                        ref var end = ref top;
                        top = ref Slot(ref first, 1);
                        for (ref var slot = ref top; Unsafe.IsAddressLessThan(ref slot, ref end); slot = ref Slot(ref slot, 1))
                        {
                            slot = default;
                        }

                        ip++;
                        continue;
                    }

                case OpCode.Subscript:
                    {
                        // A list read by an int index in range; everything else runs cold.
                        ref var target = ref Slot(ref top, -2);
                        ref var index = ref Slot(ref top, -1);
                        if (target.Kind != ValueKind.List || index.Kind != ValueKind.Int)
                        {
                            break;
                        }

                        var list = Unsafe.As<HarnList>(target.Ref!);
                        var position = index.AsInt < 0 ? index.AsInt + list.Count : index.AsInt;
                        if ((ulong)position >= (ulong)list.Count)
                        {
                            break;
                        }

                        Value.Store(ref target, list[(int)position]);
                        top = ref index;
                        continue;
                    }

                case OpCode.LoopNext:
                    {
                        if (Slot(ref locals, Word(ref code, ip)).Ref is not CallbackLoop loop)
                        {
                            break;
                        }

                        if (loop.Index < loop.Source.Count)
                        {
                            Value.Store(ref top, loop.Callback);
                            top = ref Slot(ref top, 1);
                            Value.Store(ref top, loop.Source[loop.Index]);
                            top = ref Slot(ref top, 1);
                            ip += 2;
                        }
                        else
                        {
                            ip = Word(ref code, ip + 1);
                        }

                        continue;
                    }

                case OpCode.LoopCollectNext:
                    {
                        ref var result = ref Slot(ref top, -1);
                        if (Slot(ref locals, Word(ref code, ip)).Ref is not CallbackLoop loop || (loop.Filters && result.Kind != ValueKind.Bool))
                        {
                            break;
                        }

                        if (!loop.Filters)
                        {
                            Value.Store(ref loop.Results[loop.Index], in result);
                        }
                        else if (result.AsBool)
                        {
                            Value.Store(ref loop.Results[loop.Count++], loop.Source[loop.Index]);
                        }

                        if (++loop.Index < loop.Source.Count)
                        {
                            // The next item's call: the callback goes where the result was.
                            Value.Store(ref result, loop.Callback);
                            Value.Store(ref top, loop.Source[loop.Index]);
                            top = ref Slot(ref top, 1);
                            ip = Word(ref code, ip + 1);
                        }
                        else
                        {
                            result = default;
                            top = ref result;
                            ip = Word(ref code, ip + 2);
                        }

                        continue;
                    }

                case OpCode.GetProperty:
                    {
                        // Dict entries and struct fields where this site found them last time.
                        ref var target = ref Slot(ref top, -1);
                        ref readonly var found = ref CachedProperty(in target, closure.Chunk.PropertyHints[ip - 1], Unsafe.As<string>(Slot(ref constants, Word(ref code, ip)).Ref!));
                        if (Unsafe.IsNullRef(in found))
                        {
                            break;
                        }

                        Value.Store(ref target, in found);
                        ip++;
                        continue;
                    }

                case OpCode.GetLocalProperty:
                    {
                        ref readonly var found = ref CachedProperty(in Slot(ref locals, Word(ref code, ip)), closure.Chunk.PropertyHints[ip - 1], Unsafe.As<string>(Slot(ref constants, Word(ref code, ip + 1)).Ref!));
                        if (Unsafe.IsNullRef(in found))
                        {
                            break;
                        }

                        Value.Store(ref top, in found);
                        top = ref Slot(ref top, 1);
                        ip += 2;
                        continue;
                    }

                case OpCode.Call:
                    {
                        // A plain closure whose parameters the arguments fill exactly, with room for its frame.
                        var argc = Word(ref code, ip);
                        ref var callee = ref Slot(ref top, -argc - 1);
                        if (callee.Kind != ValueKind.Closure)
                        {
                            break;
                        }

                        var target = Unsafe.As<Closure>(callee.Ref!);
                        var chunk = target.Chunk;
                        var argBase = SlotIndex(fiber, ref callee) + 1;
                        if (argc != chunk.ParamCount || chunk.HasRestParam || chunk.IsGenerator || fiber.FrameCount >= _maxCallDepth
                            || fiber.FrameCount >= fiber.Frames.Length || argBase + chunk.FrameSize > fiber.Stack.Length)
                        {
                            break;
                        }

                        // Locals past the parameters start nil.
                        locals = ref Slot(ref callee, 1);
                        ref var end = ref Slot(ref locals, chunk.SlotCount);
                        while (Unsafe.IsAddressLessThan(ref top, ref end))
                        {
                            top = default;
                            top = ref Slot(ref top, 1);
                        }

                        top = ref end;
                        var frames = fiber.Frames;
                        frames[fiber.FrameCount - 1].Ip = ip + 1;
                        ref var frame = ref frames[fiber.FrameCount++];
                        if (!ReferenceEquals(frame.Closure, target))
                        {
                            // A frame slot is mostly reused by the same function: no GC write barrier then.
                            frame.Closure = target;
                        }

                        frame.Ip = 0;
                        frame.Base = argBase;
                        frame.ArgCount = argc;
                        closure = target;
                        code = ref MemoryMarshal.GetArrayDataReference(chunk.Code);
                        constants = ref MemoryMarshal.GetArrayDataReference(chunk.Constants);
                        ip = 0;
                        if (_trap)
                        {
                            fiber.StackPointer = SlotIndex(fiber, ref top);
                            StoreFuel<TCount>(fuel);
                            return HotExit.Poll;
                        }

                        continue;
                    }

                case OpCode.TailCall:
                    {
                        // With no handler to drop, the callee and its arguments move down over this frame.
                        var argc = Word(ref code, ip);
                        ref var callee = ref Slot(ref top, -argc - 1);
                        if (callee.Kind != ValueKind.Closure)
                        {
                            break;
                        }

                        var target = Unsafe.As<Closure>(callee.Ref!);
                        var chunk = target.Chunk;
                        if (argc != chunk.ParamCount || chunk.HasRestParam || chunk.IsGenerator || fiber.HandlerCount != 0
                            || SlotIndex(fiber, ref locals) + chunk.FrameSize > fiber.Stack.Length)
                        {
                            break;
                        }

                        ref var frame = ref fiber.Frames[fiber.FrameCount - 1];
                        if (!ReferenceEquals(closure, target))
                        {
                            Slot(ref locals, -1) = callee;
                            frame.Closure = target;
                            closure = target;
                            code = ref MemoryMarshal.GetArrayDataReference(chunk.Code);
                            constants = ref MemoryMarshal.GetArrayDataReference(chunk.Constants);
                        }

                        for (var i = 0; i < argc; i++)
                        {
                            Value.Store(ref Slot(ref locals, i), in Slot(ref callee, i + 1));
                        }

                        // Everything above the arguments is cleared, up to the new frame's locals or the old stack top.
                        ref var end = ref Slot(ref locals, chunk.SlotCount);
                        ref var slot = ref Slot(ref locals, argc);
                        while (Unsafe.IsAddressLessThan(ref slot, ref top) || Unsafe.IsAddressLessThan(ref slot, ref end))
                        {
                            slot = default;
                            slot = ref Slot(ref slot, 1);
                        }

                        top = ref end;
                        frame.Ip = 0;
                        frame.ArgCount = argc;
                        ip = 0;
                        if (_trap)
                        {
                            fiber.StackPointer = SlotIndex(fiber, ref top);
                            StoreFuel<TCount>(fuel);
                            return HotExit.Poll;
                        }

                        continue;
                    }

                case OpCode.Return:
                    {
                        // The warm path drops handlers and deadlines that end with this frame.
                        if (fiber.HandlerCount != 0 || fiber.Deadlines.Count != 0)
                        {
                            break;
                        }

                        ref var result = ref Slot(ref locals, -1);
                        if (Unsafe.IsAddressGreaterThan(ref top, ref locals))
                        {
                            Value.Store(ref result, in Slot(ref top, -1));
                        }
                        else
                        {
                            result = default;
                        }

                        while (Unsafe.IsAddressGreaterThan(ref top, ref locals))
                        {
                            top = ref Slot(ref top, -1);
                            top = default;
                        }

                        if (--fiber.FrameCount == stopDepth)
                        {
                            fiber.StackPointer = SlotIndex(fiber, ref result);
                            StoreFuel<TCount>(fuel);
                            return HotExit.Returned;
                        }

                        ref var caller = ref fiber.Frames[fiber.FrameCount - 1];
                        closure = caller.Closure;
                        code = ref MemoryMarshal.GetArrayDataReference(closure.Chunk.Code);
                        constants = ref MemoryMarshal.GetArrayDataReference(closure.Chunk.Constants);
                        ip = caller.Ip;
                        locals = ref Slot(ref MemoryMarshal.GetArrayDataReference(fiber.Stack), caller.Base);
                        continue;
                    }
            }

            // Every case leaves before it moves ip past its opcode.
            fiber.Frames[fiber.FrameCount - 1].Ip = ip - 1;
            fiber.StackPointer = SlotIndex(fiber, ref top);
            StoreFuel<TCount>(fuel);
            return HotExit.Instruction;
        }
    }

    /// <summary>
    /// The dict entry or struct field <paramref name="name"/> of <paramref name="target"/> when it
    /// sits at <paramref name="hint"/>, where the read site found it last; a null reference otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref readonly Value CachedProperty(in Value target, int hint, string name)
    {
        if (target.Ref is HarnDict dict)
        {
            return ref dict.EntryAt(hint, name);
        }

        if (target.Ref is HarnStruct instance)
        {
            return ref instance.FieldAt(hint, name);
        }

        return ref Unsafe.NullRef<Value>();
    }

    /// <summary>Writes the countdown back when this copy of the loop counts (see <see cref="CountInstructions"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StoreFuel<TCount>(long fuel)
        where TCount : struct
    {
        if (typeof(TCount) == typeof(CountInstructions))
        {
            _fuel = fuel;
        }
    }

    /// <summary>The slot <paramref name="offset"/> places from <paramref name="slot"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref Value Slot(ref Value slot, int offset) => ref Unsafe.Add(ref slot, offset);

    /// <summary>The code word at <paramref name="ip"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Word(ref int code, int ip) => Unsafe.Add(ref code, ip);

    /// <summary>The stack index of <paramref name="slot"/>, a reference into the fiber's stack.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SlotIndex(Fiber fiber, ref Value slot) =>
        (int)(Unsafe.ByteOffset(ref MemoryMarshal.GetArrayDataReference(fiber.Stack), ref slot) / Unsafe.SizeOf<Value>());
}
