using System.Globalization;
using System.Runtime.CompilerServices;
using Harn.Bytecode;
using Harn.Stdlib;

namespace Harn.Runtime;

internal sealed partial class Vm
{
    /// <summary>
    /// Pushes a frame for <paramref name="closure"/> whose <paramref name="argc"/> arguments already
    /// sit on the stack from <paramref name="argBase"/> (the callee value just below). Arguments
    /// become the parameter slots; missing ones are nil, extra ones are dropped, a rest parameter
    /// collects the remainder.
    /// </summary>
    private void PushClosureFrame(Fiber fiber, Closure closure, int argBase, int argc)
    {
        if (fiber.FrameCount >= _maxCallDepth)
        {
            throw new HarnRuntimeException(ErrorKind.StackOverflow, "Stack overflow: too many nested calls");
        }

        var chunk = closure.Chunk;
        fiber.EnsureStack(argBase, Math.Max(chunk.SlotCount, argc) + chunk.MaxStack + Chunk.FrameHeadroom);
        var stack = fiber.Stack;
        var paramCount = chunk.ParamNames.Count;
        int bound;
        if (chunk.HasRestParam)
        {
            var fixedCount = paramCount - 1;
            var restCount = Math.Max(0, argc - fixedCount);
            var rest = restCount == 0 ? HarnList.Empty : HarnList.Create(new ReadOnlySpan<Value>(stack, argBase + fixedCount, restCount));
            if (argc < fixedCount)
            {
                Array.Clear(stack, argBase + argc, fixedCount - argc);
            }

            stack[argBase + fixedCount] = Value.FromList(rest);
            bound = paramCount;
        }
        else
        {
            bound = Math.Min(argc, paramCount);
        }

        var clearTo = Math.Max(argc, chunk.SlotCount);
        if (clearTo > bound)
        {
            ClearSlots(stack, argBase + bound, clearTo - bound);
        }

        ref var frame = ref fiber.PushFrame();
        frame.Closure = closure;
        frame.Ip = 0;
        frame.Base = argBase;
        frame.ArgCount = argc;
        fiber.StackPointer = argBase + chunk.SlotCount;
    }

    /// <summary>Calls any callable value from C# (builtins calling back, non-closure call sites) and returns its result.</summary>
    internal Value CallValue(Value callee, ReadOnlySpan<Value> args)
    {
        switch (callee.Kind)
        {
            case ValueKind.Closure:
                {
                    var closure = (Closure)callee.Ref!;
                    if (closure.Chunk.IsGenerator)
                    {
                        return VmGenerator.Start(this, closure, args);
                    }

                    var fiber = _fiber;
                    var sp = fiber.StackPointer;
                    fiber.EnsureStack(sp, args.Length + 1);
                    fiber.Stack[sp] = callee;
                    args.CopyTo(fiber.Stack.AsSpan(sp + 1));
                    fiber.StackPointer = sp + 1 + args.Length;
                    var depth = fiber.FrameCount;
                    try
                    {
                        PushClosureFrame(fiber, closure, sp + 1, args.Length);
                        return Execute(fiber, depth);
                    }
                    finally
                    {
                        // Whether the call returned or failed, the caller's stack top is where it was.
                        fiber.FrameCount = depth;
                        if (fiber.StackPointer > sp)
                        {
                            Array.Clear(fiber.Stack, sp, fiber.StackPointer - sp);
                        }

                        fiber.StackPointer = sp;
                    }
                }

            case ValueKind.Builtin:
                return ((Builtin)callee.Ref!).Function(_context, args);
            default:
                throw RuntimeErrors.Type("Cannot call " + ValueFormatter.Display(callee));
        }
    }

    /// <summary><c>receiver.name(args)</c>: impl methods of structs and enums first, then the built-in methods of values.</summary>
    private Value CallMethod(Value receiver, string name, ReadOnlySpan<Value> args)
    {
        string? typeName = receiver.Kind switch
        {
            ValueKind.Struct => receiver.As<HarnStruct>().Name,
            ValueKind.EnumVariant => receiver.As<HarnEnumVariant>().EnumName,
            _ => null,
        };
        if (typeName is not null && _impls.TryGetValue(typeName, out var methods) && methods.TryGetValue(name, out var method))
        {
            var withSelf = new Value[args.Length + 1];
            withSelf[0] = receiver;
            args.CopyTo(withSelf.AsSpan(1));
            return CallValue(method, withSelf);
        }

        if (receiver.Ref is VmGenerator generator && name == "next")
        {
            return generator.Next(_context);
        }

        if (receiver.Ref is IVmMethodTarget target)
        {
            return target.InvokeMethod(_context, name, args);
        }

        return MethodDispatch.Invoke(_context, receiver, name, args);
    }

    private static Value MakeClosure(Closure enclosing, Chunk function, Value[] stack, int bp)
    {
        var sources = function.Captures;
        var captures = sources.Length == 0 ? Array.Empty<ClosureCell>() : new ClosureCell[sources.Length];
        for (var i = 0; i < sources.Length; i++)
        {
            var source = sources[i];
            captures[i] = source.FromLocal ? (ClosureCell)stack[bp + source.Index].Ref! : enclosing.Captures[source.Index];
        }

        return new Closure(function, captures, enclosing.Module).ToValue();
    }

    private void DefineImpl(string typeName, Value methods)
    {
        var dict = methods.AsDict;
        _impls[typeName] = _impls.TryGetValue(typeName, out var existing) ? Arithmetic.Merge(existing, dict) : dict;
    }

    /// <summary>Deadlines end with the frame or try region they were started in.</summary>
    private static void DropDeadlinesAbove(Fiber fiber)
    {
        var deadlines = fiber.Deadlines;
        while (deadlines.Count > 0 && (deadlines[^1].FrameCount > fiber.FrameCount || deadlines[^1].HandlerCount > fiber.HandlerCount))
        {
            deadlines.RemoveAt(deadlines.Count - 1);
        }
    }

    private static void DropHandlersAbove(Fiber fiber, int frameCount)
    {
        while (fiber.HandlerCount > 0 && fiber.Handlers[fiber.HandlerCount - 1].FrameCount > frameCount)
        {
            fiber.HandlerCount--;
        }
    }

    private static HarnDict BuildDict(Value[] stack, int start, int pairs)
    {
        var entries = new KeyValuePair<string, Value>[pairs];
        for (var i = 0; i < pairs; i++)
        {
            entries[i] = new KeyValuePair<string, Value>(ValueAccess.DictKey(stack[start + (2 * i)]), stack[start + (2 * i) + 1]);
        }

        return HarnDict.FromEntries(entries);
    }

    private static string ConcatDisplay(Value[] stack, int start, int count)
    {
        if (count == 1)
        {
            return ValueFormatter.Display(stack[start]);
        }

        return ConcatStringsAndInts(stack, start, count) ?? ConcatDisplayAny(stack, start, count);
    }

    /// <summary>
    /// Strings and ints, the usual parts of an interpolation, joined with one allocation. Null
    /// when another kind is among them (found before anything is formatted, since the warm path
    /// asks again after the hot loop) or the result would be too long: <see cref="ConcatDisplayAny"/>
    /// formats those, or raises.
    /// </summary>
    private static string? ConcatStringsAndInts(Value[] stack, int start, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (stack[start + i].Kind is not (ValueKind.String or ValueKind.Int))
            {
                return null;
            }
        }

        return count <= 4 ? ConcatFewStringsAndInts(stack, start, count) : ConcatManyStringsAndInts(stack, start, count);
    }

    /// <summary>
    /// Two to four strings and ints joined by <see cref="string.Concat(string, string)"/> and its
    /// overloads, which copy straight into the result; small ints format to cached strings.
    /// </summary>
    private static string? ConcatFewStringsAndInts(Value[] stack, int start, int count)
    {
        var first = PartText(in stack[start]);
        var second = PartText(in stack[start + 1]);
        var third = count > 2 ? PartText(in stack[start + 2]) : string.Empty;
        var fourth = count > 3 ? PartText(in stack[start + 3]) : string.Empty;
        if ((long)first.Length + second.Length + third.Length + fourth.Length > TextLength.Max)
        {
            return null;
        }

        return count switch
        {
            2 => string.Concat(first, second),
            3 => string.Concat(first, second, third),
            _ => string.Concat(first, second, third, fourth),
        };

        static string PartText(in Value part) =>
            part.Kind == ValueKind.String ? Unsafe.As<string>(part.Ref!) : part.AsInt.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>More strings and ints, measured first and then written straight into the result: no buffer.</summary>
    private static string? ConcatManyStringsAndInts(Value[] stack, int start, int count)
    {
        var length = 0L;
        for (var i = 0; i < count; i++)
        {
            ref readonly var part = ref stack[start + i];
            length += part.Kind == ValueKind.String ? part.AsString.Length : FormattedLength(part.AsInt);
        }

        if (length > TextLength.Max)
        {
            return null;
        }

        return string.Create((int)length, (stack, start, count), static (text, parts) =>
        {
            var position = 0;
            for (var i = 0; i < parts.count; i++)
            {
                ref readonly var part = ref parts.stack[parts.start + i];
                if (part.Kind == ValueKind.String)
                {
                    part.AsString.CopyTo(text[position..]);
                    position += part.AsString.Length;
                }
                else
                {
                    part.AsInt.TryFormat(text[position..], out var written, default, CultureInfo.InvariantCulture);
                    position += written;
                }
            }
        });
    }

    /// <summary>Characters of <paramref name="value"/> in invariant decimal, as <see cref="ValueFormatter.Display"/> writes it.</summary>
    private static int FormattedLength(long value)
    {
        var magnitude = value < 0 ? (ulong)-(value + 1) + 1 : (ulong)value;
        var digits = 1;
        while (magnitude >= 10)
        {
            magnitude /= 10;
            digits++;
        }

        return value < 0 ? digits + 1 : digits;
    }

    private static string ConcatDisplayAny(Value[] stack, int start, int count)
    {
        var parts = new string[count];
        var length = 0L;
        for (var i = 0; i < count; i++)
        {
            parts[i] = ValueFormatter.Display(stack[start + i]);
            length += parts[i].Length;
        }

        TextLength.Check(length, "interpolation");
        return string.Concat(parts);
    }

    /// <summary>Names a "did you mean" suggestion may pick: locals of the current frame, its captures, its module's globals.</summary>
    private IEnumerable<string> VisibleNames(Fiber fiber)
    {
        if (fiber.FrameCount == 0)
        {
            return _builtins.Names;
        }

        var closure = fiber.Frames[fiber.FrameCount - 1].Closure;
        return closure.Chunk.SlotNames
            .Concat(closure.Chunk.Captures.Select(c => c.Name))
            .Concat(closure.Module.Compiled.GlobalNames)
            .Concat(_builtins.GlobalNames)
            .Concat(_builtins.Names);
    }

    /// <summary>Sets up a generator's fiber with the body frame; arguments sit at stack index 1.</summary>
    internal void PushGeneratorFrame(Fiber fiber, Closure closure, int argc) => PushClosureFrame(fiber, closure, 1, argc);

    /// <summary>Runs a generator fiber to its next <c>yield</c> (true, value in <see cref="Fiber.Yielded"/>) or to its end (false).</summary>
    internal bool Resume(Fiber fiber)
    {
        if (fiber.Status == FiberStatus.Done)
        {
            return false;
        }

        fiber.Status = FiberStatus.Ready;
        Execute(fiber, 0);
        return fiber.Status == FiberStatus.Suspended;
    }
}
