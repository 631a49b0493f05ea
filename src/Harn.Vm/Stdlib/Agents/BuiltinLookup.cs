using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>
/// Calls another builtin by name (<c>llm_call</c>, <c>render</c>) through the run's registry, so the
/// agent helpers use whatever implementation the run has without a compile-time dependency on it.
/// </summary>
internal sealed class BuiltinLookup(BuiltinRegistry registry)
{
    public Value Call(BuiltinContext context, string name, params Value[] args)
    {
        if (!RunBuiltins.Of(context, registry).TryGet(name, out var builtin))
        {
            throw RuntimeErrors.Runtime($"{name} is not available in this runtime");
        }

        return context.Invoke(Value.FromObject(ValueKind.Builtin, builtin), args);
    }
}
