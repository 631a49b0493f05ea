using Harn.Runtime;
using static Harn.Stdlib.Orchestration.OrchestrationValues;

namespace Harn.Stdlib.Orchestration;

/// <summary>
/// Counts reviewer responses toward a quorum. A response is <c>{approved, reviewer?, reason?,
/// responded_at?}</c>; each reviewer counts once, reviewers outside a declared list are ignored,
/// and a request is denied once the denials leave too few reviewers to reach the quorum.
/// </summary>
internal sealed class HitlApprovals(string requestId, string action, int quorum, IReadOnlyList<string> reviewers)
{
    private readonly List<(string Reviewer, string SignedAt, string Signature, Value Reason)> _approvals = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private int _denials;

    public string State { get; private set; } = "pending";

    public Value Reason { get; private set; } = Value.Nil;

    public string? DeniedBy { get; private set; }

    public void Add(Value response)
    {
        if (State != "pending")
        {
            return;
        }

        var fields = Options(response);
        var reviewer = StringField(fields, "reviewer") ?? $"reviewer-{_seen.Count + 1}";
        if ((reviewers.Count > 0 && !reviewers.Contains(reviewer)) || !_seen.Add(reviewer))
        {
            return;
        }

        var approved = response.Kind == ValueKind.Bool ? response.AsBool : Truthiness.IsTruthy(Field(fields, "approved"));
        if (approved)
        {
            var signedAt = StringField(fields, "responded_at") ?? StringField(fields, "signed_at") ?? NowIso();
            _approvals.Add((reviewer, signedAt, Sign(reviewer, signedAt), Field(fields, "reason")));
            if (_approvals.Count >= quorum)
            {
                State = "approved";
                Reason = Field(fields, "reason");
            }

            return;
        }

        _denials++;
        var left = reviewers.Count > 0 ? reviewers.Count - _denials : 0;
        if (left < quorum)
        {
            State = "denied";
            DeniedBy = reviewer;
            Reason = Field(fields, "reason");
        }
    }

    /// <summary>Ends a request whose responses ran out before the quorum was reached.</summary>
    public void Exhausted()
    {
        if (State == "pending")
        {
            State = "denied";
            Reason = Value.FromString($"quorum of {quorum} not reached");
        }
    }

    /// <summary>The approval record: <c>{approved, reviewers, approved_at, reason, signatures}</c>.</summary>
    public Value Record() => Dict(
        ("approved", Value.FromBool(State == "approved")),
        ("reviewers", Strings(_approvals.Select(a => a.Reviewer))),
        ("approved_at", Str(_approvals.Count > 0 ? _approvals[^1].SignedAt : null)),
        ("reason", Reason),
        ("signatures", List(_approvals.Select(a => Dict(
            ("reviewer", Value.FromString(a.Reviewer)),
            ("signed_at", Value.FromString(a.SignedAt)),
            ("signature", Value.FromString(a.Signature)))))));

    public HarnRuntimeException DeniedError(string function)
    {
        var by = DeniedBy is null ? string.Empty : $" by {DeniedBy}";
        var why = Reason.IsNil ? string.Empty : ": " + ValueFormatter.Display(Reason);
        return RuntimeErrors.Thrown($"ApprovalDeniedError: {function} '{action}' was denied{by}{why}");
    }

    /// <summary>A reviewer's timestamp receipt: a hash binding the request, the action, the reviewer and the time.</summary>
    private string Sign(string reviewer, string signedAt) => "sha256:" + Sha256Hex($"{requestId}\n{action}\n{reviewer}\n{signedAt}");
}
