using Harn.Runtime;
using Harn.Stdlib.Host;
using static Harn.Stdlib.Orchestration.OrchestrationValues;

namespace Harn.Stdlib.Orchestration;

/// <summary>
/// Flow-invariant results: a verdict (<c>allow</c>, <c>warn</c>, <c>block</c>, <c>require_approval</c>)
/// with a confidence in [0, 1], evidence (atom pointers, metadata paths, transcript excerpts,
/// external citations) and an optional remediation. Results are plain dicts
/// <c>{verdict, confidence, evidence, remediation}</c>, built and read by these builtins.
/// </summary>
internal static class FlowInvariants
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("flow_invariant_allow", (_, _) => Result(Dict(("kind", Value.FromString("allow")))));
        registry.Register("flow_invariant_warn", (_, args) =>
            Result(Dict(("kind", Value.FromString("warn")), ("reason", Value.FromString(Args.String(args, 0, "flow_invariant_warn"))))));
        registry.Register("flow_invariant_block", (_, args) => Result(Dict(
            ("kind", Value.FromString("block")),
            ("error", Dict(
                ("code", Value.FromString(Args.String(args, 0, "flow_invariant_block"))),
                ("message", Value.FromString(Args.String(args, 1, "flow_invariant_block"))))))));
        registry.Register("flow_invariant_require_approval", RequireApproval);
        registry.Register("flow_invariant_kind", (_, args) => Field(Verdict(args, "flow_invariant_kind"), "kind"));
        registry.Register("flow_invariant_is_blocking", (_, args) =>
            Value.FromBool(StringField(Verdict(args, "flow_invariant_is_blocking"), "kind") is "block" or "require_approval"));
        registry.Register("flow_invariant_confidence", (_, args) =>
            Field(ResultArg(args, "flow_invariant_confidence"), "confidence") is { IsNumber: true } c ? Value.FromFloat(c.AsNumber) : Value.FromFloat(1.0));
        registry.Register("flow_evidence_atom", (_, args) => Evidence("atom_pointer",
            ("atom", Value.FromString(AtomHex(Args.String(args, 0, "flow_evidence_atom")))),
            ("start", Value.FromInt(Offset(args, 1, "flow_evidence_atom"))),
            ("end", Value.FromInt(Offset(args, 2, "flow_evidence_atom")))));
        registry.Register("flow_evidence_metadata", (_, args) => Evidence("metadata_path",
            ("path", Value.FromString(Args.String(args, 0, "flow_evidence_metadata"))),
            ("namespace", Value.FromString(Args.String(args, 1, "flow_evidence_metadata"))),
            ("key", Value.FromString(Args.String(args, 2, "flow_evidence_metadata")))));
        registry.Register("flow_evidence_transcript", (_, args) => Evidence("transcript_excerpt",
            ("transcript_id", Value.FromString(Args.String(args, 0, "flow_evidence_transcript"))),
            ("start", Value.FromInt(Offset(args, 1, "flow_evidence_transcript"))),
            ("end", Value.FromInt(Offset(args, 2, "flow_evidence_transcript")))));
        registry.Register("flow_evidence_citation", (_, args) => Evidence("external_citation",
            ("url", Value.FromString(Args.String(args, 0, "flow_evidence_citation"))),
            ("quote", Value.FromString(Args.String(args, 1, "flow_evidence_citation"))),
            ("retrieved_at", Value.FromString(Args.String(args, 2, "flow_evidence_citation")))));
        registry.Register("flow_remediation", (_, args) => Dict(
            ("description", Value.FromString(Args.String(args, 0, "flow_remediation"))),
            ("patch", Args.At(args, 1))));
        registry.Register("flow_with_evidence", (_, args) =>
        {
            var result = ResultArg(args, "flow_with_evidence");
            var added = Args.At(args, 1);
            var items = added.Kind == ValueKind.List ? added.AsList.ToArray() : added.Kind == ValueKind.Dict ? [added] : throw Args.Expected("flow_with_evidence", "an evidence dict or list", added);
            var existing = Field(result, "evidence") is { Kind: ValueKind.List } list ? list.AsList.ToArray() : [];
            return Value.FromDict(result.With("evidence", List(existing.Concat(items))));
        });
        registry.Register("flow_with_remediation", (_, args) =>
        {
            var remediation = Args.At(args, 1);
            if (remediation.Kind != ValueKind.Dict)
            {
                throw Args.Expected("flow_with_remediation", "a remediation dict", remediation);
            }

            return Value.FromDict(ResultArg(args, "flow_with_remediation").With("remediation", remediation));
        });
        registry.Register("flow_with_confidence", (_, args) =>
            Value.FromDict(ResultArg(args, "flow_with_confidence").With("confidence", Value.FromFloat(Math.Clamp(Args.Number(args, 1, "flow_with_confidence"), 0.0, 1.0)))));
    }

    private static Value Result(Value verdict) => Dict(
        ("verdict", verdict),
        ("confidence", Value.FromFloat(1.0)),
        ("evidence", List([])),
        ("remediation", Value.Nil));

    private static Value Evidence(string kind, params (string Key, Value Value)[] fields) => Dict([("kind", Value.FromString(kind)), .. fields]);

    private static Value RequireApproval(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var kind = Args.String(args, 0, "flow_invariant_require_approval");
        var who = Args.String(args, 1, "flow_invariant_require_approval");
        var approver = kind switch
        {
            "principal" => Dict(("kind", Value.FromString(kind)), ("id", Value.FromString(who))),
            "role" => Dict(("kind", Value.FromString(kind)), ("name", Value.FromString(who))),
            _ => throw RuntimeErrors.Thrown($"flow_invariant_require_approval: approver kind must be 'principal' or 'role', got '{kind}'"),
        };
        return Result(Dict(("kind", Value.FromString("require_approval")), ("approver", approver)));
    }

    private static HarnDict ResultArg(ReadOnlySpan<Value> args, string function)
    {
        var result = Args.At(args, 0);
        return result.Kind == ValueKind.Dict && result.AsDict.GetDict("verdict") is not null ? result.AsDict : throw Args.Expected(function, "a flow invariant result", result);
    }

    private static HarnDict Verdict(ReadOnlySpan<Value> args, string function) => ResultArg(args, function).GetDict("verdict")!;

    private static long Offset(ReadOnlySpan<Value> args, int index, string function)
    {
        var offset = Args.Int(args, index, function);
        return offset >= 0 ? offset : throw RuntimeErrors.Thrown($"{function}: offsets must be non-negative, got {offset}");
    }

    private static string AtomHex(string hex) =>
        hex.Length == 64 && hex.All(Uri.IsHexDigit) ? hex.ToLowerInvariant() : throw RuntimeErrors.Thrown("flow_evidence_atom: atom must be 64 hex digits");
}
