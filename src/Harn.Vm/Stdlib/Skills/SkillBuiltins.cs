using System.Text;
using Harn.Runtime;
using Harn.Stdlib.Agents;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Skills;

/// <summary>
/// The skill builtins: the registry operations (<c>skill_registry</c>, <c>skill_define</c>,
/// <c>skill_count</c>, <c>skill_find</c>, <c>skill_list</c>, <c>skill_select</c>,
/// <c>skill_remove</c>, <c>skill_describe</c>), <c>skill_render</c>, <c>load_skill</c> and the
/// always-on catalog (<c>skills_catalog_entries</c>, <c>render_always_on_catalog</c>).
/// </summary>
internal static class SkillBuiltins
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("skill_registry", (_, _) => SkillRegistry.Create([]));
        registry.Register("skill_define", Define);
        registry.Register("skill_count", (_, args) => Value.FromInt(SkillRegistry.EntriesArg(args, 0, "skill_count").Count));
        registry.Register("skill_find", (_, args) =>
        {
            var name = Args.String(args, 1, "skill_find");
            return SkillRegistry.EntriesArg(args, 0, "skill_find").FirstOrDefault(e => SkillRegistry.NameOf(e) == name) is { } entry ? Value.FromDict(entry) : Value.Nil;
        });
        registry.Register("skill_list", (_, args) =>
            AgentValues.List(SkillRegistry.EntriesArg(args, 0, "skill_list").Select(e => Value.FromDict(SkillRegistry.Listing(e)))));
        registry.Register("skill_select", (_, args) =>
        {
            var entries = SkillRegistry.EntriesArg(args, 0, "skill_select");
            var names = AgentValues.Strings(Value.FromList(Args.List(args, 1, "skill_select"))).ToHashSet(StringComparer.Ordinal);
            return SkillRegistry.WithEntries(Args.At(args, 0), entries.Where(e => names.Contains(SkillRegistry.NameOf(e))).Select(Value.FromDict));
        });
        registry.Register("skill_remove", (_, args) =>
        {
            var entries = SkillRegistry.EntriesArg(args, 0, "skill_remove");
            var name = Args.String(args, 1, "skill_remove");
            return SkillRegistry.WithEntries(Args.At(args, 0), entries.Where(e => SkillRegistry.NameOf(e) != name).Select(Value.FromDict));
        });
        registry.Register("skill_describe", (_, args) => Value.FromString(Describe(SkillRegistry.EntriesArg(args, 0, "skill_describe"))));
        registry.Register("skill_render", Render);
        registry.Register("load_skill", LoadSkill);
        registry.Register("skills_catalog_entries", (ctx, args) =>
            SkillCatalog.Entries(args.Length == 0 || Args.At(args, 0).IsNil ? SkillRegistry.Entries(SkillDiscovery.Of(ctx).Registry) : SkillRegistry.EntriesArg(args, 0, "skills_catalog_entries")));
        registry.Register("render_always_on_catalog", (_, args) =>
        {
            var entries = Args.At(args, 0) is { Kind: ValueKind.List } list ? list.AsList
                : SkillRegistry.IsRegistry(Args.At(args, 0)) ? SkillCatalog.Entries(SkillRegistry.Entries(Args.At(args, 0))).AsList
                : throw Args.Expected("render_always_on_catalog", "a list of catalog entries", Args.At(args, 0));
            var budget = Args.At(args, 1).IsNil ? long.MaxValue : Args.Int(args, 1, "render_always_on_catalog");
            return Value.FromString(SkillCatalog.Render(entries, budget));
        });
    }

    private static Value Define(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var registry = Args.At(args, 0);
        if (!SkillRegistry.IsRegistry(registry))
        {
            throw Args.Expected("skill_define", "a skill registry", registry);
        }

        var name = Args.String(args, 1, "skill_define");
        var config = Args.At(args, 2);
        if (!config.IsNil && config.Kind != ValueKind.Dict)
        {
            throw Args.Expected("skill_define", "a config dict", config);
        }

        return SkillRegistry.With(registry, SkillRegistry.Define(name, config.IsNil ? HarnDict.Empty : config.AsDict));
    }

    /// <summary><c>Available skills:</c> then one line per skill, with its <c>when_to_use</c> below it.</summary>
    private static string Describe(IReadOnlyList<HarnDict> entries)
    {
        var text = new StringBuilder("Available skills:");
        foreach (var entry in entries)
        {
            text.Append("\n- ").Append(SkillRegistry.NameOf(entry));
            if (AgentValues.StringField(entry, "description") is { Length: > 0 } description)
            {
                text.Append(": ").Append(description);
            }

            if (AgentValues.StringField(entry, "when_to_use") is { Length: > 0 } when)
            {
                text.Append("\n  when: ").Append(when);
            }
        }

        return text.ToString();
    }

    /// <summary><c>skill_render(skill_or_body, args?, options?)</c>: the body with its placeholders substituted.</summary>
    private static Value Render(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var skill = Args.At(args, 0);
        if (skill.Kind is not (ValueKind.String or ValueKind.Dict))
        {
            throw Args.Expected("skill_render", "a skill or a body string", skill);
        }

        var options = HostValues.Options(args, 2, "skill_render");
        var (template, directory) = SkillLoader.Template(skill);
        var session = options.GetString("session_id") ?? AgentSessionStore.Of(context).CurrentId;
        return Value.FromString(SkillLoader.Render(template, SkillLoader.Arguments(Args.At(args, 1)), options.GetString("skill_dir") ?? directory, session));
    }

    /// <summary>
    /// <c>load_skill(name_or_options, options?)</c>: the full body of a skill from the run's
    /// <c>skills</c> (or <c>options.registry</c>), substituted; fails with a typed error message.
    /// </summary>
    private static Value LoadSkill(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var first = Args.At(args, 0);
        var options = first.Kind == ValueKind.Dict ? first.AsDict : HostValues.Options(args, 1, "load_skill");
        var name = first.Kind == ValueKind.String ? first.AsString : options.GetString("name") ?? throw Args.Expected("load_skill", "a skill name", first);
        var discovery = SkillDiscovery.Of(context);
        var registry = options.Get("registry", discovery.Registry);
        var entry = SkillRegistry.Find(registry, name) ?? throw RuntimeErrors.Thrown($"load_skill: skill_not_found: no skill named '{name}'");
        var outcome = SkillLoader.Load(
            entry,
            SkillLoader.Arguments(options.Get("arguments", Value.Nil)),
            options.GetString("session_id") ?? AgentSessionStore.Of(context).CurrentId,
            options.GetBool("require_signature", discovery.RequireSignature),
            discovery.SignerRegistries);
        return outcome.Ok ? Value.FromString(outcome.Body!) : throw RuntimeErrors.Thrown($"load_skill: {outcome.ErrorType}: {outcome.Message}");
    }
}
