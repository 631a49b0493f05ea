namespace Harn.Runtime;

/// <summary>
/// A generator (<c>fn</c> whose body yields) or stream (<c>gen fn</c>). Its body runs on its own
/// fiber, pulled one item at a time: each pull resumes the fiber until the next <c>yield</c>.
/// </summary>
internal sealed class VmGenerator : IHarnObject, IHarnPullSource
{
    private readonly Vm _vm;
    private readonly Fiber _fiber;
    private readonly bool _isStream;

    private VmGenerator(Vm vm, Fiber fiber, bool isStream)
    {
        _vm = vm;
        _fiber = fiber;
        _isStream = isStream;
    }

    public bool IsDone { get; private set; }

    public string TypeName => _isStream ? "stream" : "generator";

    public string Display() => IsDone ? $"<{TypeName} (done)>" : $"<{TypeName}>";

    /// <summary>Creates the generator for a call of <paramref name="closure"/>; the body starts on the first pull.</summary>
    public static Value Start(Vm vm, Closure closure, ReadOnlySpan<Value> args)
    {
        var fiber = new Fiber();
        fiber.EnsureStack(0, args.Length + 1);
        fiber.Stack[0] = closure.ToValue();
        args.CopyTo(fiber.Stack.AsSpan(1));
        fiber.StackPointer = args.Length + 1;
        vm.PushGeneratorFrame(fiber, closure, args.Length);
        var generator = new VmGenerator(vm, fiber, closure.Chunk.IsStream);
        return Value.FromObject(generator._isStream ? ValueKind.Stream : ValueKind.Generator, generator);
    }

    public bool TryPull(BuiltinContext context, out Value item)
    {
        if (IsDone)
        {
            item = default;
            return false;
        }

        var yielded = false;
        try
        {
            yielded = _vm.Resume(_fiber);
        }
        finally
        {
            // An error escaping the body also ends the generator.
            IsDone = !yielded;
        }

        item = yielded ? _fiber.Yielded : default;
        _fiber.Yielded = default;
        return yielded;
    }

    /// <summary><c>gen.next()</c>: <c>{value, done}</c>.</summary>
    public Value Next(BuiltinContext context)
    {
        var more = TryPull(context, out var item);
        return Value.FromDict(HarnDict.FromEntries(
        [
            new KeyValuePair<string, Value>("done", Value.FromBool(!more)),
            new KeyValuePair<string, Value>("value", item),
        ]));
    }
}
