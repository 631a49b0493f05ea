using Harn.Runtime;

namespace Harn.Hooks;

/// <summary>A hook written in Harn: the closure is called with the payload.</summary>
internal sealed class ClosureHookHandler(Value callable) : HookHandler
{
    public Value Callable { get; } = callable;

    public override Value Invoke(BuiltinContext context, HookEvent hookEvent, Value payload) => context.Invoke(Callable, [payload]);
}
