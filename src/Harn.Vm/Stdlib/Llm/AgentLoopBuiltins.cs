using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>
/// <c>agent_loop</c> and the reusable agent definitions: <c>agent(name, config)</c> builds
/// <c>{_type: "agent", name, ...config}</c>, <c>agent_name</c> reads it back and
/// <c>agent_config(agent, prompt)</c> splits it into <c>{prompt, system, options}</c> for agent_loop.
/// </summary>
internal static class AgentLoopBuiltins
{
    public static void Register(BuiltinRegistry registry, LlmLibrary library)
    {
        registry.Register("agent_loop", (ctx, args) =>
        {
            var first = Args.At(args, 0);
            if (first.Kind == ValueKind.Dict && args.Length == 1)
            {
                var options = first.AsDict;
                return CommandPolicies.Scoped(ctx, options, () => AgentLoop.Run(ctx, library, options.Get("prompt"), options.Get("system"), options));
            }

            var system = Args.At(args, 1);
            var loopOptions = HostValues.Options(args, 2, "agent_loop");
            return CommandPolicies.Scoped(ctx, loopOptions, () => AgentLoop.Run(ctx, library, first, system, loopOptions));
        });
        registry.Register("agent", (_, args) =>
        {
            var name = Args.String(args, 0, "agent");
            var config = HostValues.Options(args, 1, "agent");
            return Value.FromDict(config.With("_type", Value.FromString("agent")).With("name", Value.FromString(name)));
        });
        registry.Register("agent_name", (_, args) => Agent(args, "agent_name").Get("name"));
        registry.Register("agent_config", (_, args) =>
        {
            var agent = Agent(args, "agent_config");
            var options = agent.Without("_type").Without("name").Without("system");
            return HostValues.Dict(
                ("prompt", Args.At(args, 1)),
                ("system", agent.Get("system")),
                ("options", Value.FromDict(options)));
        });
    }

    private static HarnDict Agent(ReadOnlySpan<Value> args, string function)
    {
        var value = Args.At(args, 0);
        return value.Kind == ValueKind.Dict && value.AsDict.GetString("_type") == "agent"
            ? value.AsDict
            : throw RuntimeErrors.Thrown($"{function}: first argument must be an agent (created with agent())");
    }
}
