using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>
/// <c>tool_bind(registry)</c> makes a registry the run's current one so <c>tool_ref(name)</c> and
/// <c>tool_def(name)</c> can check names against it; <c>tool_bind(nil)</c> unbinds.
/// </summary>
internal static class ToolBinding
{
    private static readonly RunLocal<Bound> State = new(() => new Bound());

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("tool_bind", (context, args) =>
        {
            var value = Args.At(args, 0);
            if (!value.IsNil && !ToolRegistry.IsRegistry(value))
            {
                throw Args.Expected("tool_bind", "a tool registry or nil", value);
            }

            State.Get(context).Registry = value;
            return Value.Nil;
        });
        registry.Register("tool_ref", (context, args) => AgentValues.Str(ToolRegistry.NameOf(Lookup(context, args, "tool_ref"))));
        registry.Register("tool_def", (context, args) => ToolRegistry.Listing(Lookup(context, args, "tool_def")));
    }

    private static HarnDict Lookup(BuiltinContext context, ReadOnlySpan<Value> args, string function)
    {
        var name = Args.String(args, 0, function);
        var bound = State.Get(context).Registry;
        if (bound.IsNil)
        {
            throw RuntimeErrors.Thrown($"{function}: no tool registry bound; call tool_bind(registry) first");
        }

        return ToolRegistry.Find(bound, name) ?? throw RuntimeErrors.Thrown($"{function}: unknown tool \"{name}\" in the bound tool registry");
    }

    private sealed class Bound
    {
        public Value Registry { get; set; }
    }
}
