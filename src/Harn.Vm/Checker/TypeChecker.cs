using Harn.Hosting;
using Harn.Syntax;

namespace Harn.Checker;

/// <summary>
/// The static checker that runs between parsing and compiling. It reports only errors it is sure
/// of: unannotated or dynamic values are never flagged, and unknown call targets are only
/// reported when the program imports nothing.
/// </summary>
public static class TypeChecker
{
    /// <summary>Checks a parsed program; returns its errors in source order (empty when it may run).</summary>
    public static IReadOnlyList<HarnDiagnostic> Check(ProgramNode program, string? file)
    {
        var diagnostics = new CheckerDiagnostics(file);
        var declarations = new TypeDeclarations(program);
        var resolver = new TypeResolver(declarations);
        var body = new BodyChecker(resolver, diagnostics, ConditionNames.Collect(program));
        body.CheckProgram(program);
        VarianceChecker.Check(program, diagnostics);
        CallTargets.Check(program, body, diagnostics);
        return diagnostics.ToList();
    }
}
