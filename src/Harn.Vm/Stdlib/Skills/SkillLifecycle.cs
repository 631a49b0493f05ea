using System.Globalization;
using System.Text;
using Harn.Runtime;
using Harn.Stdlib.Agents;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Skills;

/// <summary>
/// The skills of one agent loop (<c>skills:</c>, <c>skill_match:</c>, <c>working_files:</c>):
/// which are active, and the phases that change that. <b>Match</b> runs before the first turn
/// and, with <c>sticky: false</c>, before every turn (reassess), ranking the skills against the
/// newest user request; the top <c>top_n</c> become active. <b>Activate</b> calls the skill's
/// <c>on_activate</c>, weaves its prompt into the system prompt's <c>## Active skills</c> section
/// and narrows the tool surface to its <c>allowed_tools</c>; <b>deactivate</b> calls
/// <c>on_deactivate</c> and drops them. The model can also pull a skill in with the runtime
/// <c>load_skill</c> tool. Each phase yields transcript events (<c>skill_matched</c>,
/// <c>skill_activated</c>, <c>skill_deactivated</c>, <c>skill_scope_tools</c>, <c>skill.loaded</c>).
/// </summary>
internal sealed class SkillLifecycle
{
    public const string LoadToolName = "load_skill";

    private readonly IReadOnlyList<HarnDict> _skills;
    private readonly string _strategy;
    private readonly int _topN;
    private readonly IReadOnlyList<string> _workingFiles;
    private readonly List<Active> _active = [];

    private SkillLifecycle(IReadOnlyList<HarnDict> skills, HarnDict match, IReadOnlyList<string> workingFiles)
    {
        _skills = skills;
        _strategy = match.GetString("strategy") ?? "metadata";
        _topN = (int)Math.Max(1, match.GetInt("top_n") ?? 1);
        Sticky = match.GetBool("sticky", true);
        _workingFiles = workingFiles;
    }

    public bool Sticky { get; }

    /// <summary>The loop's skills, or null when the options give none.</summary>
    public static SkillLifecycle? From(HarnDict options)
    {
        var skills = options.Get("skills", Value.Nil);
        if (skills.IsNil)
        {
            return null;
        }

        if (!SkillRegistry.IsRegistry(skills) && skills.Kind != ValueKind.List && skills.Kind != ValueKind.Dict)
        {
            throw RuntimeErrors.Thrown("agent_loop: `skills` must be a skill registry or a list of skills");
        }

        var match = options.GetDict("skill_match") ?? HarnDict.Empty;
        var files = AgentValues.Strings(options.Get("working_files", Value.Nil));
        return new SkillLifecycle(SkillRegistry.Entries(skills), match, files);
    }

    /// <summary>Names of the active skills, in activation order.</summary>
    public IReadOnlyList<string> ActiveNames => _active.Select(a => a.Name).ToList();

    /// <summary>Re-activates skills a session had active at the end of its last run (no hooks, no events).</summary>
    public void Rehydrate(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (_skills.FirstOrDefault(s => SkillRegistry.NameOf(s) == name) is { } entry && _active.All(a => a.Name != name))
            {
                _active.Add(new Active(entry, 0, "session resume"));
            }
        }
    }

    /// <summary>
    /// The match phase before turn <paramref name="iteration"/>: always on the first turn, then only
    /// when not sticky. With no candidates the active set stays as it is.
    /// </summary>
    public void Match(BuiltinContext context, int iteration, string request, EventSink emit)
    {
        if (iteration > 0 && Sticky)
        {
            return;
        }

        var ranked = SkillMatcher.Rank(_skills, request, _workingFiles);
        var chosen = ranked.Take(_topN).ToList();
        emit("skill_matched", $"{chosen.Count} of {_skills.Count} skills matched", HarnDict.Empty
            .With("strategy", Value.FromString(_strategy is "host" or "embedding" ? _strategy : "metadata"))
            .With("iteration", Value.FromInt(iteration))
            .With("reassess", Value.FromBool(iteration > 0))
            .With("top_n", Value.FromInt(_topN))
            .With("sticky", Value.FromBool(Sticky))
            .With("candidates", AgentValues.List(ranked.Select(c => c.ToValue())))
            .With("selected", HostValues.Strings(chosen.Select(c => c.Name))));
        if (chosen.Count == 0)
        {
            return;
        }

        var keep = chosen.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _active.Where(a => !keep.Contains(a.Name)).ToList())
        {
            Deactivate(context, gone, iteration, emit);
        }

        foreach (var candidate in chosen)
        {
            if (_active.All(a => a.Name != candidate.Name))
            {
                Activate(context, candidate.Entry, candidate.Score, candidate.Reason, iteration, emit);
            }
        }
    }

    /// <summary>The <c>## Active skills</c> system-prompt section, or null when none is active.</summary>
    public string? SystemSection()
    {
        if (_active.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder("## Active skills");
        foreach (var active in _active)
        {
            text.Append("\n\n### ").Append(active.Name);
            foreach (var key in new[] { "description", "when_to_use", "prompt" })
            {
                if (AgentValues.StringField(active.Entry, key) is { Length: > 0 } value)
                {
                    text.Append('\n').Append(key == "when_to_use" ? "Use when: " + value : value);
                }
            }

            if (SkillRegistry.AllowedTools(active.Entry) is { Count: > 0 } tools)
            {
                text.Append("\nScoped tools: ").Append(string.Join(", ", tools));
            }
        }

        return text.ToString();
    }

    /// <summary>The union of the active skills' <c>allowed_tools</c>, or null when no active skill narrows the surface.</summary>
    public ToolScope? Scope()
    {
        var patterns = _active.SelectMany(a => SkillRegistry.AllowedTools(a.Entry)).Distinct(StringComparer.Ordinal).ToList();
        return patterns.Count == 0 ? null : new ToolScope(patterns, "active skills");
    }

    /// <summary>The runtime <c>load_skill</c> tool as a registry entry (no handler: the loop runs it).</summary>
    public static HarnDict LoadToolEntry() => HarnDict.Empty
        .With("name", Value.FromString(LoadToolName))
        .With("description", Value.FromString("Load the full instructions of a skill from the skills catalog by its id."))
        .With("parameters", AgentValues.Dict(
            ("name", AgentValues.Dict(("type", AgentValues.Str("string")), ("description", AgentValues.Str("The skill id from the catalog")))),
            ("arguments", AgentValues.Dict(("type", AgentValues.Str("array")), ("items", AgentValues.Dict(("type", AgentValues.Str("string")))), ("required", Value.False), ("description", AgentValues.Str("Arguments substituted for $1, $2, ... and $ARGUMENTS")))),
            ("require_signature", AgentValues.Dict(("type", AgentValues.Str("boolean")), ("required", Value.False), ("description", AgentValues.Str("Refuse the skill unless it carries a trusted signature"))))));

    /// <summary>
    /// Runs a <c>load_skill</c> call from the model: the body (substituted) on success, after which
    /// the skill is active; otherwise a typed error (<c>skill_not_found</c>,
    /// <c>skill_model_invocation_disabled</c>, <c>UnsignedSkillError</c>, ...) that never carries the body.
    /// </summary>
    public ToolOutcome Load(BuiltinContext context, Value arguments, string? sessionId, int iteration, EventSink emit)
    {
        var name = AgentValues.StringField(arguments, "name") ?? AgentValues.StringField(arguments, "id");
        if (string.IsNullOrEmpty(name))
        {
            return Failure("invalid_arguments", null, "load_skill needs a `name` (a skill id from the catalog)", arguments);
        }

        var entry = _skills.FirstOrDefault(s => SkillRegistry.NameOf(s) == name);
        if (entry is null)
        {
            return Failure("skill_not_found", name, $"no skill named '{name}' is available", arguments);
        }

        if (SkillRegistry.ModelInvocationDisabled(entry))
        {
            return Failure("skill_model_invocation_disabled", name, $"skill '{name}' sets disable-model-invocation: only the user or the host can load it", arguments);
        }

        var discovery = SkillDiscovery.Of(context);
        var require = AgentValues.Field(arguments, "require_signature") is { Kind: ValueKind.Bool } flag
            ? flag.AsBool || discovery.RequireSignature
            : discovery.RequireSignature || Truthiness.IsTruthy(AgentValues.Field(entry, "require_signature"));
        var outcome = SkillLoader.Load(entry, SkillLoader.Arguments(AgentValues.Field(arguments, "arguments")), sessionId, require, discovery.SignerRegistries);
        var record = (outcome.Trust?.ToMetadata() ?? HarnDict.Empty.With("signed", Value.False).With("trusted", Value.False))
            .With("skill_id", Value.FromString(name))
            .With("source", AgentValues.Field(entry, "source"))
            .With("require_signature", Value.FromBool(require))
            .With("loaded", Value.FromBool(outcome.Ok))
            .With("error", outcome.ErrorType is null ? Value.Nil : Value.FromString(outcome.ErrorType));
        emit("skill.loaded", outcome.Ok ? $"loaded skill {name}" : $"refused skill {name}: {outcome.ErrorType}", record);
        if (!outcome.Ok)
        {
            return Failure(outcome.ErrorType!, name, outcome.Message!, arguments);
        }

        if (_active.All(a => a.Name != name))
        {
            Activate(context, entry, 0, "load_skill", iteration, emit);
        }

        return new ToolOutcome("ok", Value.FromString(outcome.Body!), outcome.Body!, null, arguments);
    }

    private void Activate(BuiltinContext context, HarnDict entry, double score, string reason, int iteration, EventSink emit)
    {
        var name = SkillRegistry.NameOf(entry);
        _active.Add(new Active(entry, score, reason));
        if (AgentValues.Field(entry, "on_activate") is { } hook && Args.IsCallable(hook))
        {
            context.Invoke(hook, []);
        }

        var tools = SkillRegistry.AllowedTools(entry);
        emit("skill_activated", $"activated skill {name}", HarnDict.Empty
            .With("name", Value.FromString(name))
            .With("score", Value.FromFloat(Math.Round(score, 4)))
            .With("reason", Value.FromString(reason))
            .With("iteration", Value.FromInt(iteration))
            .With("allowed_tools", HostValues.Strings(tools))
            .With("source", AgentValues.Field(entry, "source")));
        if (tools.Count > 0)
        {
            emit("skill_scope_tools", $"skill {name} scopes tools to {string.Join(", ", tools)}", HarnDict.Empty
                .With("name", Value.FromString(name))
                .With("allowed_tools", HostValues.Strings(tools))
                .With("iteration", Value.FromInt(iteration)));
        }
    }

    private void Deactivate(BuiltinContext context, Active active, int iteration, EventSink emit)
    {
        _active.Remove(active);
        if (AgentValues.Field(active.Entry, "on_deactivate") is { } hook && Args.IsCallable(hook))
        {
            context.Invoke(hook, []);
        }

        emit("skill_deactivated", $"deactivated skill {active.Name}", HarnDict.Empty
            .With("name", Value.FromString(active.Name))
            .With("iteration", Value.FromInt(iteration))
            .With("reason", Value.FromString("reassess")));
    }

    private static ToolOutcome Failure(string error, string? skill, string message, Value arguments)
    {
        var text = JsonConversion.Stringify(AgentValues.Dict(
            ("error", AgentValues.Str(error)),
            ("skill", skill is null ? Value.Nil : AgentValues.Str(skill)),
            ("message", AgentValues.Str(message))));
        return new ToolOutcome("error", Value.Nil, text, message, arguments);
    }

    /// <summary>Receives the lifecycle's transcript events (kind, text, metadata).</summary>
    public delegate void EventSink(string kind, string text, HarnDict metadata);

    private sealed record Active(HarnDict Entry, double Score, string Reason)
    {
        public string Name => SkillRegistry.NameOf(Entry);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"skills: {_skills.Count}, active: {_active.Count}");
}
