namespace Harn.Hosting;

/// <summary>Source that does not lex, parse, check or compile. Carries every diagnostic found.</summary>
public sealed class HarnCompileException : Exception
{
    public HarnCompileException(IReadOnlyList<HarnDiagnostic> diagnostics)
        : base(diagnostics.Count > 0 ? diagnostics[0].Message : "compile error")
    {
        Diagnostics = diagnostics;
    }

    public IReadOnlyList<HarnDiagnostic> Diagnostics { get; }
}
