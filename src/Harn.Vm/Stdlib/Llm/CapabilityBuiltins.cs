using Harn.Runtime;

namespace Harn.Stdlib.Llm;

/// <summary><c>provider_capabilities</c>, <c>provider_capabilities_install</c> and <c>provider_capabilities_clear</c>.</summary>
internal static class CapabilityBuiltins
{
    public static void Register(BuiltinRegistry registry, LlmLibrary library)
    {
        registry.Register("provider_capabilities", (ctx, args) => Value.FromDict(Capabilities.Lookup(
            library.StateOf(ctx), Args.String(args, 0, "provider_capabilities"), Args.String(args, 1, "provider_capabilities"))));
        registry.Register("provider_capabilities_install", (ctx, args) =>
        {
            var overrides = library.StateOf(ctx).CapabilityOverrides;
            foreach (var (provider, rule) in CapabilityToml.Parse(Args.String(args, 0, "provider_capabilities_install")))
            {
                overrides[provider] = overrides.TryGetValue(provider, out var existing) ? [.. existing, rule] : [rule];
            }

            return Value.Nil;
        });
        registry.Register("provider_capabilities_clear", (ctx, _) =>
        {
            library.StateOf(ctx).CapabilityOverrides.Clear();
            return Value.Nil;
        });
    }
}
