namespace Harn.Conformance;

internal enum CaseStatus
{
    Pass,
    Fail,
    Skip,
}
