namespace Harn.Conformance;

/// <summary>How a <c>.harn</c> file is judged, from its sibling files.</summary>
internal enum CaseKind
{
    /// <summary>Has a <c>.expected</c>: stdout must equal it.</summary>
    Output,

    /// <summary>Has a <c>.error</c>: must fail with a matching message.</summary>
    Error,

    /// <summary>Neither: an imported module, not run.</summary>
    Helper,
}
