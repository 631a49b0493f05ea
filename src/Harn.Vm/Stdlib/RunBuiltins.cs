using System.Runtime.CompilerServices;
using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>
/// The registry a run was started with, found from its builtin context. A builtin that calls
/// another by name (<c>agent_loop</c> calling <c>llm_call</c>, transcript compaction calling the
/// LLM) must reach the run's own registry, with its sandbox denials, host builtins and mocks,
/// and not the shared standard library it was registered into.
/// </summary>
internal static class RunBuiltins
{
    private static readonly ConditionalWeakTable<BuiltinContext, BuiltinRegistry> Registries = new();

    public static void Attach(BuiltinContext context, BuiltinRegistry registry) => Registries.AddOrUpdate(context, registry);

    /// <summary>The run's registry; <paramref name="registeredInto"/> for a context no run attached (a VM a test drives directly).</summary>
    public static BuiltinRegistry Of(BuiltinContext context, BuiltinRegistry registeredInto) =>
        Registries.TryGetValue(context, out var registry) ? registry : registeredInto;
}
