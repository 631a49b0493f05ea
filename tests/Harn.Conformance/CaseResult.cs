namespace Harn.Conformance;

/// <summary>The verdict on one case; <paramref name="Reason"/> is one line, empty on a pass.</summary>
internal sealed record CaseResult(ConformanceCase Case, string? Tier, CaseStatus Status, string Reason, long Milliseconds);
