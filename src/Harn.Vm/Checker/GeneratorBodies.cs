using Harn.Syntax;

namespace Harn.Checker;

/// <summary>Finds `yield` in a function body, not counting nested functions and closures.</summary>
internal static class GeneratorBodies
{
    public static bool UsesYield(Block body) => Yields(body).Any();

    public static IEnumerable<YieldExpr> Yields(Block body) =>
        SyntaxChildren.Descendants(body, descendInto: n => n is not (ClosureExpr or FnDecl or ToolDecl or PipelineDecl))
            .OfType<YieldExpr>();
}
