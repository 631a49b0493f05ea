using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>
/// The native tool hooks of a run: <c>register_tool_hook({pattern, deny?, max_output?})</c> denies
/// matching tools before they run, or snips their output after; <c>clear_tool_hooks()</c> removes them.
/// </summary>
internal static class ToolHooks
{
    private static readonly RunLocal<List<NativeToolHook>> Hooks = new(() => []);

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("register_tool_hook", (context, args) =>
        {
            var config = Args.Dict(args, 0, "register_tool_hook");
            var pattern = AgentValues.StringField(config, "pattern") ?? "*";
            var deny = AgentValues.Field(config, "deny");
            var maxOutput = AgentValues.Field(config, "max_output");
            if (!maxOutput.IsNil && maxOutput.Kind != ValueKind.Int)
            {
                throw Args.Expected("register_tool_hook", "an int max_output", maxOutput);
            }

            Hooks.Get(context).Add(new NativeToolHook(
                pattern,
                deny.IsNil ? null : ValueFormatter.Display(deny),
                maxOutput.IsNil ? null : (int)Math.Clamp(maxOutput.AsInt, 0, int.MaxValue)));
            return Value.Nil;
        });
        registry.Register("clear_tool_hooks", (context, _) =>
        {
            Hooks.Get(context).Clear();
            return Value.Nil;
        });
    }

    /// <summary>The deny reason of the first matching hook that denies <paramref name="tool"/>, or null.</summary>
    public static string? DenyReason(BuiltinContext context, string tool) =>
        Hooks.Get(context).FirstOrDefault(h => h.Deny is not null && ToolGlob.Matches(h.Pattern, tool))?.Deny;

    /// <summary>The output after every matching <c>max_output</c> hook has snipped it.</summary>
    public static string LimitOutput(BuiltinContext context, string tool, string output)
    {
        foreach (var hook in Hooks.Get(context))
        {
            if (hook.MaxOutput is { } limit && output.Length > limit && ToolGlob.Matches(hook.Pattern, tool))
            {
                output = Microcompaction.Snip(output, limit);
            }
        }

        return output;
    }

    private sealed record NativeToolHook(string Pattern, string? Deny, int? MaxOutput);
}
