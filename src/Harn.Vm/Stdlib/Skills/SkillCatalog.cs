using System.Text;
using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Skills;

/// <summary>
/// The always-on skills catalog a system prompt carries instead of full skill bodies:
/// <c>skills_catalog_entries(registry)</c> lists <c>{id, short, when_to_use, source}</c> per
/// model-invocable skill, sorted by id; <c>render_always_on_catalog(entries, budget)</c> renders
/// them as a markdown section of at most <c>budget</c> characters, ending with a note when
/// entries had to be left out.
/// </summary>
internal static class SkillCatalog
{
    public const string Header = "## Available skills\n\nThese skills are available. Call `load_skill({ name: \"<skill-id>\" })` to load the full body of a skill when it becomes relevant.";

    public static Value Entries(IReadOnlyList<HarnDict> skills)
    {
        var entries = skills
            .Where(entry => !SkillRegistry.ModelInvocationDisabled(entry))
            .OrderBy(SkillRegistry.NameOf, StringComparer.Ordinal)
            .Select(entry =>
            {
                var summary = AgentValues.StringField(entry, "short") is { Length: > 0 } shortText ? shortText : AgentValues.StringField(entry, "description") ?? string.Empty;
                return AgentValues.Dict(
                    ("id", AgentValues.Str(SkillRegistry.NameOf(entry))),
                    ("short", AgentValues.Str(summary)),
                    ("when_to_use", AgentValues.StringField(entry, "when_to_use") is { Length: > 0 } when ? AgentValues.Str(when) : Value.Nil),
                    ("source", AgentValues.Field(entry, "source")));
            });
        return AgentValues.List(entries);
    }

    public static string Render(HarnList entries, long budget)
    {
        var lines = entries
            .Where(e => e.Kind == ValueKind.Dict)
            .Select(e => Line(e.AsDict))
            .Where(line => line is not null)
            .Cast<string>()
            .ToList();
        var text = new StringBuilder(Header);
        if (lines.Count == 0)
        {
            return text.Append("\n\nNo skills are available.").ToString();
        }

        text.Append('\n');
        var included = 0;
        foreach (var line in lines)
        {
            if (text.Length + 1 + line.Length > budget)
            {
                break;
            }

            text.Append('\n').Append(line);
            included++;
        }

        var omitted = lines.Count - included;
        if (omitted > 0)
        {
            text.Append(included == 0 ? "\n" : "\n\n")
                .Append(omitted).Append(omitted == 1 ? " more skill was" : " more skills were")
                .Append(" omitted to stay within budget; call `load_skill` with a skill id you already know.");
        }

        return text.ToString();
    }

    private static string? Line(HarnDict entry)
    {
        var id = AgentValues.StringField(entry, "id") ?? AgentValues.StringField(entry, "name");
        if (id is null)
        {
            return null;
        }

        var line = new StringBuilder("- `").Append(id).Append('`');
        var summary = AgentValues.StringField(entry, "short") ?? AgentValues.StringField(entry, "description");
        if (!string.IsNullOrEmpty(summary))
        {
            line.Append(": ").Append(summary);
        }

        if (AgentValues.StringField(entry, "when_to_use") is { Length: > 0 } when)
        {
            line.Append("\n  when: ").Append(when);
        }

        return line.ToString();
    }
}
