using Harn.Syntax;

namespace Harn.Checker;

internal sealed partial class BodyChecker
{
    private void CheckMatch(MatchExpr match)
    {
        Infer(match.Subject);
        foreach (var arm in match.Arms)
        {
            InScope(() =>
            {
                DefinePattern(arm.Pattern);
                InferOptional(arm.Guard);
                CheckStatements(arm.Body.Statements);
            });
        }

        CheckTaggedUnionCoverage(match);
    }

    private void DefinePattern(Pattern pattern)
    {
        foreach (var node in SyntaxChildren.Descendants(pattern, descendInto: n => n is not Expr).Prepend(pattern))
        {
            switch (node)
            {
                case BindingPattern binding:
                    DefineName(binding.Name);
                    break;
                case ListPattern { Rest: { } rest }:
                    DefineName(rest);
                    break;
                case Expr e:
                    Infer(e);
                    break;
            }
        }
    }

    /// <summary>
    /// `match v.tag { ... }` on a tagged shape union must cover every variant or have a catch-all arm.
    /// Only checked when `v` is never narrowed by a condition, so its declared type is the whole story.
    /// </summary>
    private void CheckTaggedUnionCoverage(MatchExpr match)
    {
        if (match.Subject is not MemberExpr { IsOptional: false, Target: Identifier variable } member
            || _conditionNames.Contains(variable.Name)
            || _scope.Find(variable.Name)?.DeclaredType is not UnionType union
            || TaggedUnions.Discriminant(union) != member.Name)
        {
            return;
        }

        var covered = new HashSet<object>();
        foreach (var arm in match.Arms)
        {
            if (!CollectCoverage(arm.Pattern, covered))
            {
                return;
            }
        }

        var missing = union.Members.Cast<ShapeType>()
            .Select(m => (LiteralType)m.Field(member.Name)!.Type!)
            .Where(tag => !covered.Contains(tag.Value))
            .ToList();
        if (missing.Count > 0)
        {
            _diagnostics.Report(match, "Non-exhaustive match on tagged shape union: missing variants " + string.Join(", ", missing.Select(m => m.Display)));
        }
    }

    /// <summary>Adds the literals a pattern covers; false when the pattern covers everything or is not understood.</summary>
    private static bool CollectCoverage(Pattern pattern, HashSet<object> covered)
    {
        switch (pattern)
        {
            case LiteralPattern { Value: StringLiteral s }:
                covered.Add(s.Value);
                return true;
            case LiteralPattern { Value: IntLiteral i }:
                covered.Add(i.Value);
                return true;
            case OrPattern or:
                return or.Alternatives.All(a => CollectCoverage(a, covered));
            default:
                return false;
        }
    }
}
