using Harn.Runtime;

namespace Harn.Sandbox;

/// <summary>
/// Applies a <see cref="SandboxPolicy"/> to the builtin registry of one run, once every builtin
/// (standard library and host additions) is registered: a denied builtin is replaced by one that
/// raises the permission error before doing anything, a file-reading builtin under read-only
/// roots is wrapped so its paths are checked. Everything in the run reaches builtins through
/// this registry, so nothing inside it can get the unrestricted ones back.
/// </summary>
public static class SandboxEnforcer
{
    public static void Apply(BuiltinRegistry registry, SandboxPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(policy);
        foreach (var name in registry.Names.ToArray())
        {
            if (policy.DenyingRule(name) is { } rule)
            {
                registry.Register(name, (_, _) => throw SandboxErrors.Denied(name, rule));
            }
            else if (policy.ConfinesPaths(name) && registry.TryGet(name, out var builtin))
            {
                var function = builtin.Function;
                var roots = policy.ReadOnlyRoots!;
                registry.Register(name, (context, args) =>
                {
                    // Spans cannot be captured by the lambda below; the arguments are few.
                    var copy = args.ToArray();
                    return SandboxPaths.Confine(name, roots, () => function(context, copy));
                });
            }
        }
    }
}
