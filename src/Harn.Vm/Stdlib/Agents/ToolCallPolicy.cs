using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>
/// The declarative gates on tool calls that an agent loop carries: <c>approval_policy</c>
/// (<c>auto_deny</c> → <c>write_path_allowlist</c> → <c>auto_approve</c> → <c>require_approval</c>)
/// and <c>policy</c> (<c>tools</c> allow-list, <c>tool_arg_constraints</c>).
/// </summary>
internal sealed class ToolCallPolicy
{
    public static readonly ToolCallPolicy None = new(Value.Nil, Value.Nil);

    private readonly Value _approval;
    private readonly Value _policy;

    private ToolCallPolicy(Value approval, Value policy)
    {
        _approval = approval;
        _policy = policy;
    }

    /// <summary>Reads <c>approval_policy</c> and <c>policy</c> from agent or workflow options.</summary>
    public static ToolCallPolicy From(Value options) =>
        new(AgentValues.Field(options, "approval_policy"), AgentValues.Field(options, "policy"));

    /// <summary>Null when the call may go ahead, else why it is refused (with a short code).</summary>
    public ToolRejection? Check(HarnDict? entry, string tool, Value arguments)
    {
        if (ToolGlob.FirstMatch(AgentValues.Strings(AgentValues.Field(_approval, "auto_deny")), tool) is { } deny)
        {
            return new ToolRejection("auto_denied", $"tool '{tool}' matches deny pattern '{deny}' (auto_denied)");
        }

        if (WritePathViolation(entry, tool, arguments) is { } outside)
        {
            return outside;
        }

        var allowed = AgentValues.Field(_policy, "tools");
        if (allowed.Kind == ValueKind.List && !AgentValues.Strings(allowed).Any(p => ToolGlob.Matches(p, tool)))
        {
            return new ToolRejection("policy_denied", $"tool '{tool}' is not permitted by the active policy");
        }

        foreach (var constraint in AgentValues.ListField(_policy, "tool_arg_constraints"))
        {
            if (ConstraintViolation(constraint, tool, arguments) is { } violation)
            {
                return violation;
            }
        }

        if (ToolGlob.FirstMatch(AgentValues.Strings(AgentValues.Field(_approval, "auto_approve")), tool) is not null)
        {
            return null;
        }

        if (ToolGlob.FirstMatch(AgentValues.Strings(AgentValues.Field(_approval, "require_approval")), tool) is { } ask)
        {
            return new ToolRejection("approval_required", $"tool '{tool}' matches require_approval pattern '{ask}' and no approver is available");
        }

        return null;
    }

    private ToolRejection? WritePathViolation(HarnDict? entry, string tool, Value arguments)
    {
        var allowlist = AgentValues.Strings(AgentValues.Field(_approval, "write_path_allowlist"));
        if (allowlist.Count == 0 || entry is null || !Writes(entry))
        {
            return null;
        }

        foreach (var key in PathParams(entry))
        {
            if (AgentValues.Field(arguments, key) is { Kind: ValueKind.String } path && ToolGlob.FirstMatch(allowlist, path.AsString) is null)
            {
                return new ToolRejection("write_path_denied", $"tool '{tool}' writes '{path.AsString}', outside write_path_allowlist");
            }
        }

        return null;
    }

    private static ToolRejection? ConstraintViolation(Value constraint, string tool, Value arguments)
    {
        var target = AgentValues.StringField(constraint, "tool");
        var key = AgentValues.StringField(constraint, "arg_key");
        if (target is null || key is null || !ToolGlob.Matches(target, tool))
        {
            return null;
        }

        var patterns = AgentValues.Strings(AgentValues.Field(constraint, "arg_patterns"));
        var value = AgentValues.Field(arguments, key);
        if (value.IsNil || patterns.Count == 0)
        {
            return null;
        }

        var text = AgentValues.Text(value);
        return ToolGlob.FirstMatch(patterns, text) is null
            ? new ToolRejection("arg_constraint", $"tool '{tool}' argument '{key}' value '{text}' does not match allowed patterns [{string.Join(", ", patterns)}]")
            : null;
    }

    /// <summary>Tools that declare a workspace mutation (in <c>metadata</c> or <c>policy</c>) are checked against the write allowlist.</summary>
    private static bool Writes(HarnDict entry)
    {
        var classification = AgentValues.StringField(AgentValues.Field(entry, "metadata"), "mutation_classification")
            ?? AgentValues.StringField(AgentValues.Field(entry, "policy"), "mutation_classification");
        return classification is not null && classification != "read_only";
    }

    private static IReadOnlyList<string> PathParams(HarnDict entry)
    {
        var fromMetadata = AgentValues.Strings(AgentValues.Field(AgentValues.Field(entry, "metadata"), "path_params"));
        return fromMetadata.Count > 0 ? fromMetadata : AgentValues.Strings(AgentValues.Field(AgentValues.Field(entry, "policy"), "path_params"));
    }
}

/// <summary>Why a tool call was refused: a short <paramref name="Code"/> and a sentence for the model.</summary>
internal sealed record ToolRejection(string Code, string Reason);
