using System.Text;
using Harn.Bytecode;

namespace Harn.Runtime;

internal sealed partial class Vm
{
    /// <summary>The frame code of a native task: <c>GetLocal $0; Call 0; Return</c>, calling the builtin in its only local.</summary>
    private static readonly Chunk NativeTaskChunk = BuildNativeTaskChunk();

    /// <summary>
    /// Starts <paramref name="body"/> as a task of its own, a child of the current one, like a
    /// <c>spawn</c>: it runs when the scheduler gets to it, its waits park only itself, and its
    /// output is buffered until it is collected. Builtins that run work in the background (agent
    /// workers) use it; the body sees the run's <see cref="BuiltinContext"/>.
    /// </summary>
    internal VmTask StartNativeTask(string name, Func<BuiltinContext, Value> body)
    {
        var builtin = new Builtin(name, (context, _) => body(context));
        var closure = new Closure(NativeTaskChunk, Array.Empty<ClosureCell>(), _modules[0]);
        var fiber = new Fiber();
        fiber.EnsureStack(0, 2);
        fiber.Stack[0] = closure.ToValue();
        fiber.Stack[1] = Value.FromObject(ValueKind.Builtin, builtin);
        fiber.StackPointer = 2;
        PushClosureFrame(fiber, closure, 1, 1);
        var parent = _scheduler.Current;
        var task = _scheduler.Start(fiber, parent, name, parent?.GroupId);
        task.Output = new StringBuilder();
        return task;
    }

    private static Chunk BuildNativeTaskChunk()
    {
        var builder = new ChunkBuilder("<native task>", null);
        builder.ParamNames.Add("body");
        builder.AddSlot("body");
        builder.Emit(OpCode.GetLocal, 0);
        builder.Emit(OpCode.Call, 0);
        builder.Emit(OpCode.Return);
        return builder.Build();
    }
}
