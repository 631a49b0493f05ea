using System.Text;
using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Skills;

/// <summary>
/// Loads a skill's full body: the <c>SKILL.md</c> text after its frontmatter for a filesystem
/// skill (checked for provenance first), else the entry's <c>body</c> or <c>prompt</c>; then
/// substitutes <c>$1</c>…<c>$N</c>, <c>$ARGUMENTS</c>, <c>${HARN_SKILL_DIR}</c> and
/// <c>${HARN_SESSION_ID}</c>.
/// </summary>
internal static class SkillLoader
{
    /// <summary>What came of one load: the rendered body, or a typed error (and the trust record when the skill has a file).</summary>
    public sealed record Outcome(string? Body, string? ErrorType, string? Message, SkillTrust? Trust)
    {
        public bool Ok => ErrorType is null;
    }

    /// <summary>
    /// Loads <paramref name="entry"/>: refuses an invalid signature always, and an unsigned or
    /// untrusted skill when <paramref name="requireSignature"/> is set.
    /// </summary>
    public static Outcome Load(HarnDict entry, IReadOnlyList<string> arguments, string? sessionId, bool requireSignature, IReadOnlyList<string> signerRegistries)
    {
        var name = SkillRegistry.NameOf(entry);
        var path = AgentValues.StringField(entry, "skill_path");
        var directory = AgentValues.StringField(entry, "skill_dir");
        if (path is null)
        {
            var inline = AgentValues.StringField(entry, "body") ?? AgentValues.StringField(entry, "prompt") ?? string.Empty;
            return requireSignature
                ? new Outcome(null, "UnsignedSkillError", $"skill '{name}' has no signed SKILL.md and a signature is required", null)
                : new Outcome(Render(inline, arguments, directory, sessionId), null, null, null);
        }

        var trust = SkillTrust.Evaluate(entry, path, signerRegistries);
        if (trust.ErrorType == "InvalidSkillSignatureError" || trust.ErrorType == "SkillReadError")
        {
            return new Outcome(null, trust.ErrorType, $"skill '{name}': {trust.Problem}", trust);
        }

        if (requireSignature && !(trust.Signed && trust.Trusted))
        {
            var type = trust.Signed ? "UntrustedSignerError" : trust.ErrorType ?? "UnsignedSkillError";
            return new Outcome(null, type, $"skill '{name}' cannot be loaded: {trust.Problem}; a trusted signature is required", trust);
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return new Outcome(null, "SkillReadError", $"skill '{name}': cannot read {path}: {error.Message}", trust);
        }

        return new Outcome(Render(SkillFrontmatter.Body(text), arguments, directory, sessionId), null, null, trust);
    }

    /// <summary>
    /// The body of <paramref name="skill"/> (an entry, or a template string) for
    /// <c>skill_render</c>: the <c>body</c> field, else the <c>SKILL.md</c> body, else <c>prompt</c>.
    /// </summary>
    public static (string Body, string? Directory) Template(Value skill)
    {
        if (skill.Kind == ValueKind.String)
        {
            return (skill.AsString, null);
        }

        var entry = skill.AsDict;
        var directory = AgentValues.StringField(entry, "skill_dir");
        if (AgentValues.StringField(entry, "body") is { } body)
        {
            return (body, directory);
        }

        if (AgentValues.StringField(entry, "skill_path") is { } path)
        {
            try
            {
                return (SkillFrontmatter.Body(File.ReadAllText(path)), directory);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw RuntimeErrors.Thrown($"skill_render: cannot read {path}: {error.Message}");
            }
        }

        return (AgentValues.StringField(entry, "prompt") ?? string.Empty, directory);
    }

    /// <summary>
    /// Substitutes the placeholders: <c>$N</c> / <c>${N}</c> the Nth argument, <c>$ARGUMENTS</c> all
    /// of them joined by spaces, <c>${HARN_SKILL_DIR}</c> the bundle directory and
    /// <c>${HARN_SESSION_ID}</c> the session. A placeholder with no value keeps its literal text.
    /// </summary>
    public static string Render(string template, IReadOnlyList<string> arguments, string? skillDirectory, string? sessionId)
    {
        if (!template.Contains('$', StringComparison.Ordinal))
        {
            return template;
        }

        string? Lookup(string name) => name switch
        {
            "ARGUMENTS" => string.Join(' ', arguments),
            "HARN_SKILL_DIR" => skillDirectory,
            "HARN_SESSION_ID" => sessionId,
            _ when name.All(char.IsAsciiDigit) && int.TryParse(name, System.Globalization.CultureInfo.InvariantCulture, out var index) =>
                index >= 1 && index <= arguments.Count ? arguments[index - 1] : null,
            _ => null,
        };

        var output = new StringBuilder(template.Length);
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c != '$' || i + 1 >= template.Length)
            {
                output.Append(c);
                i++;
                continue;
            }

            if (template[i + 1] == '{')
            {
                var close = template.IndexOf('}', i + 2);
                if (close > i + 2 && Lookup(template[(i + 2)..close]) is { } braced)
                {
                    output.Append(braced);
                    i = close + 1;
                    continue;
                }

                output.Append(c);
                i++;
                continue;
            }

            var end = i + 1;
            if (char.IsAsciiDigit(template[end]))
            {
                while (end < template.Length && char.IsAsciiDigit(template[end]))
                {
                    end++;
                }
            }
            else
            {
                while (end < template.Length && (char.IsAsciiLetterUpper(template[end]) || template[end] == '_' || char.IsAsciiDigit(template[end])))
                {
                    end++;
                }
            }

            if (end > i + 1 && Lookup(template[(i + 1)..end]) is { } bare)
            {
                output.Append(bare);
                i = end;
                continue;
            }

            output.Append(c);
            i++;
        }

        return output.ToString();
    }

    /// <summary>Arguments as a list of strings: a list's items by display text, a string split on whitespace, nil as none.</summary>
    public static IReadOnlyList<string> Arguments(Value value) => value.Kind switch
    {
        ValueKind.Nil => [],
        ValueKind.List => value.AsList.Select(AgentValues.Text).ToList(),
        ValueKind.String => value.AsString.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries),
        _ => [AgentValues.Text(value)],
    };
}
