using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>
/// Per-agent dynamic permissions (<c>permissions: {allow, deny, on_escalation}</c>). <c>allow</c>
/// and <c>deny</c> are lists of tool-name globs or dicts from tool name to a predicate over the
/// arguments (or a bool, or a list of argument globs). A denied call goes to
/// <c>on_escalation</c>, which may grant it once or for the session. Every decision is recorded
/// as a <c>PermissionGrant</c>, <c>PermissionDeny</c> or <c>PermissionEscalation</c> event.
/// </summary>
internal sealed class AgentPermissions(HarnDict config)
{
    private readonly HashSet<string> _sessionGrants = new(StringComparer.Ordinal);

    public static AgentPermissions? From(HarnDict options) =>
        options.GetDict("permissions") is { } config ? new AgentPermissions(config) : null;

    /// <summary>The decision for one call, plus the transcript events it produces.</summary>
    public (bool Allowed, string? Reason, List<(string Kind, string Text, HarnDict Metadata)> Events) Decide(BuiltinContext context, string tool, Value arguments)
    {
        var events = new List<(string, string, HarnDict)>();
        HarnDict Metadata(string? reason, string? grant = null) => HarnDict.Empty
            .With("tool", Value.FromString(tool))
            .With("args", arguments)
            .With("reason", reason is null ? Value.Nil : Value.FromString(reason))
            .With("grant", grant is null ? Value.Nil : Value.FromString(grant));

        if (_sessionGrants.Contains(tool))
        {
            events.Add(("PermissionGrant", $"{tool} allowed by session grant", Metadata("session grant", "session")));
            return (true, null, events);
        }

        var denied = Matches(context, config.Get("deny"), tool, arguments);
        var allowRule = config.Get("allow");
        var allowed = !denied && (allowRule.IsNil || Matches(context, allowRule, tool, arguments));
        if (allowed)
        {
            if (!allowRule.IsNil)
            {
                events.Add(("PermissionGrant", $"{tool} allowed by permissions.allow", Metadata("allow rule")));
            }

            return (true, null, events);
        }

        var reason = denied ? $"tool '{tool}' is denied by permissions.deny" : $"tool '{tool}' is not in permissions.allow";
        if (config.Get("on_escalation") is { } escalation && Args.IsCallable(escalation))
        {
            var request = HarnDict.Empty
                .With("tool", Value.FromString(tool))
                .With("args", arguments)
                .With("reason", Value.FromString(reason));
            var answer = context.Invoke(escalation, [Value.FromDict(request)]);
            var (grant, approver, why) = Grant(answer);
            events.Add(("PermissionEscalation", $"{tool} escalated: {reason}", Metadata(reason).With("granted", Value.FromBool(grant is not null))));
            if (grant is not null)
            {
                if (grant == "session")
                {
                    _sessionGrants.Add(tool);
                }

                var text = $"{tool} granted ({grant}) by {approver ?? "on_escalation"}" + (why is null ? string.Empty : ": " + why);
                events.Add(("PermissionGrant", text, Metadata(why ?? "escalation granted", grant).With("approver", approver is null ? Value.Nil : Value.FromString(approver))));
                return (true, null, events);
            }
        }

        events.Add(("PermissionDeny", $"{tool} denied: {reason}", Metadata(reason)));
        return (false, reason, events);
    }

    /// <summary><c>{grant: "once"|"session", approver?, reason?}</c>, <c>true</c> (once) or anything else (no grant).</summary>
    private static (string? Grant, string? Approver, string? Reason) Grant(Value answer)
    {
        if (answer.Kind == ValueKind.Bool)
        {
            return (answer.AsBool ? "once" : null, null, null);
        }

        if (answer.Kind != ValueKind.Dict)
        {
            return (null, null, null);
        }

        var dict = answer.AsDict;
        var grant = dict.GetString("grant") is "session" ? "session" : dict.GetString("grant") is "once" || dict.GetBool("granted", false) ? "once" : null;
        return (grant, dict.GetString("approver"), dict.GetString("reason"));
    }

    private static bool Matches(BuiltinContext context, Value rule, string tool, Value arguments)
    {
        switch (rule.Kind)
        {
            case ValueKind.List:
                return rule.AsList.Any(pattern => pattern.Kind == ValueKind.String && MockEntry.Glob(pattern.AsString).IsMatch(tool));
            case ValueKind.Dict:
                foreach (var (pattern, check) in rule.AsDict)
                {
                    if (!MockEntry.Glob(pattern).IsMatch(tool))
                    {
                        continue;
                    }

                    if (Args.IsCallable(check))
                    {
                        return Truthiness.IsTruthy(context.Invoke(check, [arguments]));
                    }

                    if (check.Kind == ValueKind.List)
                    {
                        var text = JsonConversion.Stringify(arguments);
                        return check.AsList.Any(p => p.Kind == ValueKind.String && MockEntry.Glob("*" + p.AsString + "*").IsMatch(text));
                    }

                    return Truthiness.IsTruthy(check);
                }

                return false;
            default:
                return false;
        }
    }
}
