using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Workflows;

/// <summary>
/// Flow invariant results: a verdict (<c>allow</c>, <c>warn</c>, <c>block</c>,
/// <c>require_approval</c>) with evidence (atom pointers, metadata paths, transcript excerpts,
/// external citations), an optional remediation and a confidence clamped to [0, 1].
/// </summary>
internal static class FlowInvariants
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("flow_invariant_allow", (_, _) => Result(AgentValues.Dict(("kind", Rec.S("allow")))));
        registry.Register("flow_invariant_warn", (_, args) => Result(AgentValues.Dict(("kind", Rec.S("warn")), ("reason", Rec.S(Args.String(args, 0, "flow_invariant_warn"))))));
        registry.Register("flow_invariant_block", (_, args) => Result(AgentValues.Dict(
            ("kind", Rec.S("block")),
            ("error", AgentValues.Dict(("code", Rec.S(Args.String(args, 0, "flow_invariant_block"))), ("message", Rec.S(Args.String(args, 1, "flow_invariant_block"))))))));
        registry.Register("flow_invariant_require_approval", (_, args) => Result(AgentValues.Dict(
            ("kind", Rec.S("require_approval")),
            ("approver", Approver(Args.String(args, 0, "flow_invariant_require_approval"), Args.String(args, 1, "flow_invariant_require_approval"))))));
        registry.Register("flow_invariant_kind", (_, args) => AgentValues.Field(Verdict(args, "flow_invariant_kind"), "kind"));
        registry.Register("flow_invariant_is_blocking", (_, args) => Rec.B(AgentValues.StringField(Verdict(args, "flow_invariant_is_blocking"), "kind") is "block" or "require_approval"));
        registry.Register("flow_invariant_confidence", (_, args) => AgentValues.Field(Invariant(args, 0, "flow_invariant_confidence"), "confidence"));
        registry.Register("flow_evidence_atom", (_, args) => AgentValues.Dict(
            ("kind", Rec.S("atom_pointer")), ("atom", Rec.S(Args.String(args, 0, "flow_evidence_atom"))),
            ("start", Rec.I(Args.Int(args, 1, "flow_evidence_atom"))), ("end", Rec.I(Args.Int(args, 2, "flow_evidence_atom")))));
        registry.Register("flow_evidence_metadata", (_, args) => AgentValues.Dict(
            ("kind", Rec.S("metadata_path")), ("path", Rec.S(Args.String(args, 0, "flow_evidence_metadata"))),
            ("namespace", Rec.S(Args.String(args, 1, "flow_evidence_metadata"))), ("key", Rec.S(Args.String(args, 2, "flow_evidence_metadata")))));
        registry.Register("flow_evidence_transcript", (_, args) => AgentValues.Dict(
            ("kind", Rec.S("transcript_excerpt")), ("transcript_id", Rec.S(Args.String(args, 0, "flow_evidence_transcript"))),
            ("start", Rec.I(Args.Int(args, 1, "flow_evidence_transcript"))), ("end", Rec.I(Args.Int(args, 2, "flow_evidence_transcript")))));
        registry.Register("flow_evidence_citation", (_, args) => AgentValues.Dict(
            ("kind", Rec.S("external_citation")), ("url", Rec.S(Args.String(args, 0, "flow_evidence_citation"))),
            ("quote", Rec.S(Args.String(args, 1, "flow_evidence_citation"))), ("accessed_at", Args.At(args, 2))));
        registry.Register("flow_remediation", (_, args) => AgentValues.Dict(
            ("description", Rec.S(Args.String(args, 0, "flow_remediation"))), ("patch", Args.At(args, 1))));
        registry.Register("flow_with_evidence", (_, args) =>
            With(Invariant(args, 0, "flow_with_evidence"), "evidence", Value.FromList(Args.List(args, 1, "flow_with_evidence"))));
        registry.Register("flow_with_remediation", (_, args) =>
            With(Invariant(args, 0, "flow_with_remediation"), "remediation", Value.FromDict(Args.Dict(args, 1, "flow_with_remediation"))));
        registry.Register("flow_with_confidence", (_, args) =>
            With(Invariant(args, 0, "flow_with_confidence"), "confidence", Value.FromFloat(Math.Clamp(Args.Number(args, 1, "flow_with_confidence"), 0.0, 1.0))));
    }

    private static Value Result(Value verdict) => AgentValues.Dict(
        ("_type", Rec.S("flow_invariant_result")),
        ("verdict", verdict),
        ("evidence", Rec.L([])),
        ("remediation", Value.Nil),
        ("confidence", Value.FromFloat(1.0)));

    private static Value Approver(string kind, string value) => kind switch
    {
        "principal" => AgentValues.Dict(("kind", Rec.S(kind)), ("id", Rec.S(value))),
        "role" => AgentValues.Dict(("kind", Rec.S(kind)), ("name", Rec.S(value))),
        _ => throw RuntimeErrors.Thrown($"flow_invariant_require_approval: approver kind must be \"principal\" or \"role\", got \"{kind}\""),
    };

    private static Value Invariant(ReadOnlySpan<Value> args, int index, string function)
    {
        var value = Args.At(args, index);
        return value.Kind == ValueKind.Dict && AgentValues.Field(value, "verdict").Kind == ValueKind.Dict
            ? value
            : throw Args.Expected(function, "a flow invariant result", value);
    }

    private static Value Verdict(ReadOnlySpan<Value> args, string function) => AgentValues.Field(Invariant(args, 0, function), "verdict");

    private static Value With(Value invariant, string key, Value value) => Value.FromDict(invariant.AsDict.With(key, value));
}
