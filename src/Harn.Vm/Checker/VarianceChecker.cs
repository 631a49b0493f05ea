using Harn.Syntax;

namespace Harn.Checker;

/// <summary>
/// Declaration-site variance: a type parameter marked `out` may only appear in covariant (output)
/// positions, one marked `in` only in contravariant (input) positions. Checked on type aliases and
/// interfaces. Invariant containers (lists, dicts, user generics) end the walk: no verdict there.
/// </summary>
internal static class VarianceChecker
{
    /// <summary>Type annotations nest at most this deep here; deeper parts are not examined.</summary>
    private const int MaxDepth = 256;

    public static void Check(ProgramNode program, CheckerDiagnostics diagnostics)
    {
        foreach (var node in SyntaxChildren.Descendants(program))
        {
            switch (node)
            {
                case TypeAliasDecl alias when HasMarkedParameters(alias.GenericParams):
                    var marked = Marked(alias.GenericParams);
                    Walk(alias.Type, positive: true, marked, $"type alias '{alias.Name}'", alias, diagnostics, 0);
                    break;
                case InterfaceDecl contract when HasMarkedParameters(contract.GenericParams):
                    var interfaceMarked = Marked(contract.GenericParams);
                    string where = $"interface '{contract.Name}'";
                    foreach (var method in contract.Methods)
                    {
                        foreach (var parameter in method.Parameters.Where(p => p.Type is not null))
                        {
                            Walk(parameter.Type!, positive: false, interfaceMarked, where, method, diagnostics, 0);
                        }

                        if (method.ReturnType is not null)
                        {
                            Walk(method.ReturnType, positive: true, interfaceMarked, where, method, diagnostics, 0);
                        }
                    }

                    break;
            }
        }
    }

    private static bool HasMarkedParameters(IReadOnlyList<GenericParam> parameters) =>
        parameters.Any(p => p.Variance != Variance.Invariant);

    private static Dictionary<string, Variance> Marked(IReadOnlyList<GenericParam> parameters) =>
        parameters.Where(p => p.Variance != Variance.Invariant).ToDictionary(p => p.Name, p => p.Variance, StringComparer.Ordinal);

    private static void Walk(TypeExpr type, bool positive, Dictionary<string, Variance> marked, string where, Node at, CheckerDiagnostics diagnostics, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        switch (type)
        {
            case NamedType { TypeArgs.Count: 0 } named when marked.TryGetValue(named.Name, out var variance):
                if (variance == Variance.Out && !positive)
                {
                    diagnostics.Report(at, $"type parameter '{named.Name}' is declared 'out' (covariant) but appears in a contravariant position in {where}");
                }
                else if (variance == Variance.In && positive)
                {
                    diagnostics.Report(at, $"type parameter '{named.Name}' is declared 'in' (contravariant) but appears in a covariant position in {where}");
                }

                break;
            case FnType fn:
                foreach (var parameter in fn.Params)
                {
                    Walk(parameter, !positive, marked, where, at, diagnostics, depth + 1);
                }

                if (fn.Return is not null)
                {
                    Walk(fn.Return, positive, marked, where, at, diagnostics, depth + 1);
                }

                break;
            case Syntax.UnionType union:
                foreach (var member in union.Members)
                {
                    Walk(member, positive, marked, where, at, diagnostics, depth + 1);
                }

                break;
            case Syntax.ShapeType shape:
                foreach (var field in shape.Fields)
                {
                    Walk(field.Type, positive, marked, where, at, diagnostics, depth + 1);
                }

                break;
            case NamedType { Name: "iter" or "Iter" or "Result" or "Generator" or "Stream" } covariant:
                foreach (var arg in covariant.TypeArgs)
                {
                    Walk(arg, positive, marked, where, at, diagnostics, depth + 1);
                }

                break;
        }
    }
}
