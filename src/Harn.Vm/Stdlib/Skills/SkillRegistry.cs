using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Skills;

/// <summary>
/// The skill registry value: <c>{_type: "skill_registry", skills: [entry, ...]}</c>, each entry a
/// dict <c>{name, description, ...fields}</c>. Like tool registries, skill registries are values:
/// every change returns a new registry. A filesystem skill's entry is a compact card (its
/// <c>SKILL.md</c> body stays on disk until <c>load_skill</c>) carrying <c>source</c>,
/// <c>skill_dir</c> and <c>skill_path</c>.
/// </summary>
internal static class SkillRegistry
{
    public const string TypeTag = "skill_registry";

    /// <summary>Fields that must be strings when present (checked by <c>skill_define</c>).</summary>
    private static readonly string[] StringFields = ["description", "when_to_use", "prompt", "invocation", "model", "effort"];

    /// <summary>Fields that must be lists when present.</summary>
    private static readonly string[] ListFields = ["paths", "allowed_tools", "mcp"];

    public const string NamespacePrefix = "namespace:";

    public static Value Create(IEnumerable<Value> entries) =>
        AgentValues.Dict(("_type", AgentValues.Str(TypeTag)), ("skills", AgentValues.List(entries)));

    public static bool IsRegistry(Value value) =>
        value.Kind == ValueKind.Dict && AgentValues.Field(value, "skills").Kind == ValueKind.List;

    /// <summary>The entries of a registry dict, a list of entries, or a single entry; none for nil.</summary>
    public static IReadOnlyList<HarnDict> Entries(Value registry)
    {
        var skills = registry.Kind switch
        {
            ValueKind.Dict when IsRegistry(registry) => AgentValues.ListField(registry, "skills"),
            ValueKind.Dict when AgentValues.StringField(registry, "name") is not null => HarnList.Create([registry]),
            ValueKind.List => registry.AsList,
            _ => HarnList.Empty,
        };
        return skills.Where(s => s.Kind == ValueKind.Dict).Select(s => s.AsDict).ToList();
    }

    /// <summary>The entries of a registry argument, or an error naming the function.</summary>
    public static IReadOnlyList<HarnDict> EntriesArg(ReadOnlySpan<Value> args, int index, string function)
    {
        var value = Args.At(args, index);
        return IsRegistry(value) || value.Kind == ValueKind.List
            ? Entries(value)
            : throw Args.Expected(function, "a skill registry", value);
    }

    public static string NameOf(HarnDict entry) => AgentValues.StringField(entry, "name") ?? "";

    public static HarnDict? Find(Value registry, string name) =>
        Entries(registry).FirstOrDefault(entry => NameOf(entry) == name);

    /// <summary>The registry with <paramref name="entry"/> added, replacing a skill of the same name in place.</summary>
    public static Value With(Value registry, HarnDict entry) =>
        WithEntries(registry, AgentValues.ReplaceNamed(Entries(registry), entry));

    /// <summary>The registry keeping its other keys, with its skills replaced.</summary>
    public static Value WithEntries(Value registry, IEnumerable<Value> entries) =>
        IsRegistry(registry)
            ? Value.FromDict(registry.AsDict.With("skills", AgentValues.List(entries)))
            : Create(entries);

    /// <summary>
    /// <c>skill_define</c>'s entry: the config with <c>name</c> set and <c>description</c> defaulted
    /// to an empty string, after the light shape checks of the known keys. Unknown keys pass through.
    /// </summary>
    public static HarnDict Define(string name, HarnDict config)
    {
        foreach (var key in StringFields)
        {
            if (config.TryGetValue(key, out var value) && !value.IsNil && value.Kind != ValueKind.String)
            {
                throw RuntimeErrors.Thrown($"skill_define: '{key}' must be a string");
            }
        }

        foreach (var key in ListFields)
        {
            if (config.TryGetValue(key, out var value) && !value.IsNil && value.Kind != ValueKind.List)
            {
                throw RuntimeErrors.Thrown($"skill_define: '{key}' must be a list");
            }
        }

        foreach (var hook in new[] { "on_activate", "on_deactivate" })
        {
            if (config.TryGetValue(hook, out var value) && !value.IsNil && !Args.IsCallable(value))
            {
                throw RuntimeErrors.Thrown($"skill_define: '{hook}' must be a function");
            }
        }

        foreach (var tool in AgentValues.ListField(Value.FromDict(config), "allowed_tools"))
        {
            if (tool.Kind != ValueKind.String)
            {
                throw RuntimeErrors.Thrown("skill_define: 'allowed_tools' entries must be strings");
            }

            CheckToolPattern(tool.AsString);
        }

        var entry = config.With("name", Value.FromString(name));
        return entry.TryGetValue("description", out var description) && !description.IsNil
            ? entry
            : entry.With("description", Value.FromString(string.Empty));
    }

    /// <summary>An <c>allowed_tools</c> entry is a tool name (or glob) or <c>namespace:&lt;tag&gt;</c>; any other colon is a typo.</summary>
    private static void CheckToolPattern(string pattern)
    {
        if (pattern.StartsWith(NamespacePrefix, StringComparison.Ordinal))
        {
            if (pattern.Length == NamespacePrefix.Length || string.IsNullOrWhiteSpace(pattern[NamespacePrefix.Length..]))
            {
                throw RuntimeErrors.Thrown($"skill_define: allowed_tools entry '{pattern}' needs a namespace tag (namespace:<tag>)");
            }

            return;
        }

        if (pattern.Contains(':', StringComparison.Ordinal))
        {
            throw RuntimeErrors.Thrown($"skill_define: allowed_tools entry '{pattern}' is not a tool name; write 'namespace:<tag>' to allow a tool namespace");
        }
    }

    /// <summary>True when the entry opts out of model-driven matching and loading (<c>disable-model-invocation: true</c>).</summary>
    public static bool ModelInvocationDisabled(HarnDict entry) =>
        (entry.TryGetValue("disable-model-invocation", out var flag) || entry.TryGetValue("disable_model_invocation", out flag))
        && Truthiness.IsTruthy(flag);

    /// <summary>The entry's <c>allowed_tools</c> patterns (empty when it does not narrow the tool surface).</summary>
    public static IReadOnlyList<string> AllowedTools(HarnDict entry) => AgentValues.Strings(AgentValues.Field(entry, "allowed_tools"));

    /// <summary>The entry without closure-valued fields (lifecycle hooks), safe to serialize.</summary>
    public static HarnDict Listing(HarnDict entry)
    {
        var listed = entry;
        foreach (var (key, value) in entry)
        {
            if (Args.IsCallable(value))
            {
                listed = listed.Without(key);
            }
        }

        return listed;
    }
}
