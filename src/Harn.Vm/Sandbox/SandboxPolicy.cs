namespace Harn.Sandbox;

/// <summary>
/// What a run may call, fixed by the host before it starts and immutable after: upstream's
/// <c>--deny</c> / <c>--allow</c> builtin lists plus capability switches (<see cref="BuiltinCapabilities"/>)
/// and read-only path roots. A script has no way to change it; spawned tasks, imported modules
/// and hooks run under the same registry and so the same rules.
/// </summary>
public sealed class SandboxPolicy
{
    /// <summary>Builtins that stay callable under <see cref="AllowedBuiltins"/> (upstream's core set).</summary>
    public static readonly IReadOnlySet<string> CoreBuiltins = new HashSet<string>(StringComparer.Ordinal)
    {
        "println", "print", "log", "type_of", "to_string", "to_int", "to_float", "len", "assert", "assert_eq",
        "assert_ne", "json_parse", "json_stringify", "runtime_context", "task_current", "runtime_context_values",
        "runtime_context_get", "runtime_context_set", "runtime_context_clear",
    };

    /// <param name="deniedBuiltins">Builtins to deny by name (upstream <c>--deny</c>).</param>
    /// <param name="allowedBuiltins">When given, only these and <see cref="CoreBuiltins"/> are callable (upstream <c>--allow</c>).</param>
    /// <param name="deniedCapabilities">Capabilities whose builtins are denied.</param>
    /// <param name="readOnlyRoots">When given, file reads are allowed only under these directories; nothing may be written and no process started.</param>
    public SandboxPolicy(
        IEnumerable<string>? deniedBuiltins = null,
        IEnumerable<string>? allowedBuiltins = null,
        Capability deniedCapabilities = Capability.None,
        IEnumerable<string>? readOnlyRoots = null)
    {
        if (deniedBuiltins is not null && allowedBuiltins is not null)
        {
            throw new ArgumentException("Denied and allowed builtin lists cannot be used together.");
        }

        DeniedBuiltins = deniedBuiltins is null ? null : new HashSet<string>(deniedBuiltins, StringComparer.Ordinal);
        AllowedBuiltins = allowedBuiltins is null ? null : new HashSet<string>(allowedBuiltins, StringComparer.Ordinal);
        DeniedCapabilities = deniedCapabilities;
        ReadOnlyRoots = readOnlyRoots?.Select(SandboxPaths.Root).ToArray();
    }

    public IReadOnlySet<string>? DeniedBuiltins { get; }

    public IReadOnlySet<string>? AllowedBuiltins { get; }

    public Capability DeniedCapabilities { get; }

    /// <summary>Full paths of the directories file reads are confined to, or null when reads are not confined.</summary>
    public IReadOnlyList<string>? ReadOnlyRoots { get; }

    /// <summary>
    /// The rule that denies every call of <paramref name="builtin"/> (<c>DenyBuiltin</c>,
    /// <c>AllowBuiltin</c>, <c>NoFileSystem</c>, <c>NoProcess</c>, <c>NoNetwork</c>,
    /// <c>NoEnvironment</c>, <c>ReadOnlyPath</c>), or null when it may be called.
    /// </summary>
    public string? DenyingRule(string builtin)
    {
        if (DeniedBuiltins is not null && DeniedBuiltins.Contains(builtin))
        {
            return "DenyBuiltin";
        }

        if (AllowedBuiltins is not null && !AllowedBuiltins.Contains(builtin) && !CoreBuiltins.Contains(builtin))
        {
            return "AllowBuiltin";
        }

        var capability = BuiltinCapabilities.Of(builtin);
        var denied = capability & DeniedCapabilities;
        if ((denied & (Capability.FileRead | Capability.FileWrite)) != 0)
        {
            return "NoFileSystem";
        }

        if ((denied & Capability.Process) != 0)
        {
            return "NoProcess";
        }

        if ((denied & Capability.Network) != 0)
        {
            return "NoNetwork";
        }

        if ((denied & Capability.Environment) != 0)
        {
            return "NoEnvironment";
        }

        // A process could write anywhere, so read-only roots rule out processes too.
        return ReadOnlyRoots is not null && (capability & (Capability.FileWrite | Capability.Process)) != 0 ? "ReadOnlyPath" : null;
    }

    /// <summary>True when calls of <paramref name="builtin"/> must have their paths checked against <see cref="ReadOnlyRoots"/>.</summary>
    public bool ConfinesPaths(string builtin) =>
        ReadOnlyRoots is not null && (BuiltinCapabilities.Of(builtin) & Capability.FileRead) != 0;
}
