using System.Text.RegularExpressions;
using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>
/// <c>tool_surface_validate({tools, policy?, approval_policy?, system?})</c>: checks that a tool
/// surface hangs together before a model sees it. Returns <c>{valid, diagnostics: [{code,
/// severity, message, tool?}]}</c>; only <c>error</c> diagnostics make it invalid.
/// </summary>
internal static partial class ToolSurfaceValidator
{
    private static readonly string[] SideEffectLevels = ["none", "read_only", "workspace_write", "process_exec", "network"];

    public static void Register(BuiltinRegistry registry) =>
        registry.Register("tool_surface_validate", (_, args) => Validate(Args.Dict(args, 0, "tool_surface_validate")));

    public static Value Validate(HarnDict surface)
    {
        var tools = ToolRegistry.Entries(AgentValues.Field(surface, "tools"));
        var names = tools.Select(ToolRegistry.NameOf).ToHashSet(StringComparer.Ordinal);
        var policy = AgentValues.Field(surface, "policy");
        var diagnostics = new List<Value>();
        void Report(string code, string severity, string message, string? tool = null)
        {
            var diagnostic = HarnDict.Empty
                .With("code", AgentValues.Str(code))
                .With("severity", AgentValues.Str(severity))
                .With("message", AgentValues.Str(message));
            diagnostics.Add(Value.FromDict(tool is null ? diagnostic : diagnostic.With("tool", AgentValues.Str(tool))));
        }

        var hasReader = tools.Any(t => AgentValues.StringField(Annotations(t), "kind") == "read");
        var ceiling = Array.IndexOf(SideEffectLevels, AgentValues.StringField(policy, "side_effect_level") ?? "");
        foreach (var tool in tools)
        {
            var name = ToolRegistry.NameOf(tool);
            var annotations = Annotations(tool);
            if (Truthiness.IsTruthy(AgentValues.Field(annotations, "emits_artifacts")) && !hasReader)
            {
                Report("TOOL_SURFACE_MISSING_RESULT_READER", "error",
                    $"tool '{name}' emits artifacts but the surface has no read tool to fetch them", name);
            }

            var level = Array.IndexOf(SideEffectLevels, AgentValues.StringField(annotations, "side_effect_level") ?? "");
            if (ceiling >= 0 && level > ceiling)
            {
                Report("TOOL_SURFACE_SIDE_EFFECT_EXCEEDS_POLICY", "error",
                    $"tool '{name}' has side_effect_level '{SideEffectLevels[level]}' above the policy ceiling '{SideEffectLevels[ceiling]}'", name);
            }
        }

        foreach (var listed in AgentValues.Strings(AgentValues.Field(policy, "tools")))
        {
            if (!names.Contains(listed))
            {
                Report("TOOL_SURFACE_UNKNOWN_POLICY_TOOL", "warning", $"policy lists tool '{listed}', which the surface does not define", listed);
            }
        }

        foreach (var constraint in AgentValues.ListField(policy, "tool_arg_constraints"))
        {
            var target = AgentValues.StringField(constraint, "tool");
            var key = AgentValues.StringField(constraint, "arg_key");
            if (target is null || key is null)
            {
                continue;
            }

            var matching = tools.Where(t => ToolGlob.Matches(target, ToolRegistry.NameOf(t))).ToList();
            if (matching.Count > 0 && matching.All(t => !ToolRegistry.Parameters(t).ContainsKey(key)))
            {
                Report("TOOL_SURFACE_UNKNOWN_ARG_CONSTRAINT_KEY", "warning",
                    $"tool_arg_constraints names argument '{key}', which tool '{target}' does not take", target);
            }
        }

        var approval = AgentValues.Field(surface, "approval_policy");
        foreach (var list in new[] { "auto_approve", "auto_deny", "require_approval" })
        {
            foreach (var pattern in AgentValues.Strings(AgentValues.Field(approval, list)))
            {
                if (!names.Any(n => ToolGlob.Matches(pattern, n)))
                {
                    Report("TOOL_SURFACE_APPROVAL_PATTERN_NO_MATCH", "warning",
                        $"approval_policy.{list} pattern '{pattern}' matches no tool on the surface");
                }
            }
        }

        if (AgentValues.StringField(surface, "system") is { } system)
        {
            foreach (var referenced in PromptToolCall().Matches(system).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal))
            {
                if (!names.Contains(referenced))
                {
                    Report("TOOL_SURFACE_UNKNOWN_PROMPT_TOOL", "warning",
                        $"the system prompt calls '{referenced}', which the surface does not define", referenced);
                }
            }
        }

        var valid = diagnostics.All(d => AgentValues.StringField(d, "severity") != "error");
        return AgentValues.Dict(("valid", Value.FromBool(valid)), ("diagnostics", AgentValues.List(diagnostics)));
    }

    private static Value Annotations(HarnDict tool) => AgentValues.Field(tool, "annotations");

    /// <summary>A snake_case name called like a tool in prose: <c>run_command({...})</c>.</summary>
    [GeneratedRegex(@"\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\s*\(", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PromptToolCall();
}
