namespace Harn.Conformance;

/// <summary>One <c>.harn</c> file of the suite and what it is expected to do.</summary>
/// <param name="RelativePath">Path relative to the suite folder, with forward slashes.</param>
/// <param name="FullPath">Where the file is read and run from.</param>
/// <param name="Kind">Output test, error test or helper.</param>
/// <param name="Expectation">The <c>.expected</c> or <c>.error</c> text; empty for helpers.</param>
internal sealed record ConformanceCase(string RelativePath, string FullPath, CaseKind Kind, string Expectation);
