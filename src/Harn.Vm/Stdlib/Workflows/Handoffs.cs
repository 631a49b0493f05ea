using System.Text;
using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Workflows;

/// <summary>
/// Handoffs: the structured record one persona leaves for the next (task, reason, evidence,
/// open questions, requested capabilities, budget, deadline). <c>handoff</c> normalizes a record
/// (or reads one back out of a handoff artifact); <c>handoff_context</c> renders it as prompt text.
/// </summary>
internal static class Handoffs
{
    private static readonly string[] ListFields =
    [
        "evidence_refs", "files_or_entities_touched", "open_questions", "blocked_on",
        "requested_capabilities", "allowed_side_effects", "receipt_links",
    ];

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("handoff", (_, args) => Normalize(Args.At(args, 0), "handoff"));
        registry.Register("handoff_context", (_, args) => Value.FromString(Context(Normalize(Args.At(args, 0), "handoff_context"))));
    }

    public static Value Normalize(Value input, string function)
    {
        if (input.Kind != ValueKind.Dict)
        {
            throw Args.Expected(function, "a handoff dict or handoff artifact", input);
        }

        if (AgentValues.StringField(input, "_type") == "artifact")
        {
            input = AgentValues.Field(input, "data");
            if (input.Kind != ValueKind.Dict)
            {
                throw RuntimeErrors.Thrown($"{function}: the artifact carries no handoff");
            }
        }

        var rec = new Rec(input);
        rec["_type"] = Rec.S("handoff");
        rec.Default("id", Rec.S(Rec.NewId("handoff")));
        rec.Default("source_persona", Value.Nil);
        rec["target_persona_or_human"] = Target(rec["target_persona_or_human"]);
        foreach (var key in new[] { "task", "reason", "budget_remaining", "deadline_checkback", "confidence" })
        {
            rec.Default(key, Value.Nil);
        }

        foreach (var key in ListFields)
        {
            rec[key] = rec[key].Kind == ValueKind.List ? rec[key] : rec[key].IsNil ? Rec.L([]) : Rec.L([rec[key]]);
        }

        rec.Default("created_at", Rec.S(Rec.Now()));
        return rec.ToValue();
    }

    /// <summary>A target given as a name becomes <c>{kind: "persona", id, label}</c>.</summary>
    private static Value Target(Value target) => target.Kind switch
    {
        ValueKind.String => AgentValues.Dict(("kind", Rec.S("persona")), ("id", target), ("label", target)),
        ValueKind.Dict => new Rec(target) { ["label"] = AgentValues.Field(target, "label") is { IsNil: false } label ? label : AgentValues.Field(target, "id") }.ToValue(),
        _ => Value.Nil,
    };

    private static string Context(Value handoff)
    {
        var text = new StringBuilder();
        var target = AgentValues.Field(handoff, "target_persona_or_human");
        text.Append("Handoff from ").Append(AgentValues.StringField(handoff, "source_persona") ?? "unknown")
            .Append(" to ").Append(AgentValues.StringField(target, "label") ?? AgentValues.StringField(target, "id") ?? "unknown").Append('\n');
        void Line(string label, string key)
        {
            if (AgentValues.Field(handoff, key) is { IsNil: false } value)
            {
                text.Append(label).Append(": ").Append(AgentValues.Text(value)).Append('\n');
            }
        }

        Line("Task", "task");
        Line("Reason", "reason");
        Line("Confidence", "confidence");
        foreach (var (label, key) in new[]
                 {
                     ("Evidence", "evidence_refs"), ("Touched", "files_or_entities_touched"), ("Open questions", "open_questions"),
                     ("Blocked on", "blocked_on"), ("Requested capabilities", "requested_capabilities"), ("Allowed side effects", "allowed_side_effects"),
                 })
        {
            var items = AgentValues.ListField(handoff, key);
            if (items.Count == 0)
            {
                continue;
            }

            text.Append(label).Append(":\n");
            foreach (var item in items)
            {
                var line = item.Kind == ValueKind.Dict && AgentValues.StringField(item, "artifact_id") is { } id
                    ? $"{AgentValues.StringField(item, "label") ?? id} ({id})"
                    : AgentValues.Text(item);
                text.Append("- ").Append(line).Append('\n');
            }
        }

        Line("Budget remaining", "budget_remaining");
        Line("Check back", "deadline_checkback");
        return text.ToString().TrimEnd('\n');
    }
}
