using Harn.Syntax;

namespace Harn.Checker;

/// <summary>
/// Names that some condition in the program mentions (if, guard, while, ternary, require, `&&`,
/// `||`, `!`, match guards and match subjects). Such variables may be narrowed somewhere, so checks
/// that rely on a variable's full declared type skip them.
/// </summary>
internal static class ConditionNames
{
    public static HashSet<string> Collect(ProgramNode program)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var matchSubjects = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in SyntaxChildren.Descendants(program))
        {
            switch (node)
            {
                case IfExpr e:
                    AddNames(e.Condition, names);
                    break;
                case GuardStmt s:
                    AddNames(s.Condition, names);
                    break;
                case WhileStmt s:
                    AddNames(s.Condition, names);
                    break;
                case TernaryExpr e:
                    AddNames(e.Condition, names);
                    break;
                case RequireStmt s:
                    AddNames(s.Condition, names);
                    break;
                case BinaryExpr { Op: BinaryOp.And or BinaryOp.Or } e:
                    AddNames(e, names);
                    break;
                case UnaryExpr { Op: UnaryOp.Not } e:
                    AddNames(e, names);
                    break;
                case MatchArm { Guard: { } guard }:
                    AddNames(guard, names);
                    break;
                case MatchExpr e:
                    // A variable matched on more than once may be narrowed by the outer match.
                    foreach (string name in NamesIn(e.Subject))
                    {
                        if (!matchSubjects.Add(name))
                        {
                            names.Add(name);
                        }
                    }

                    break;
            }
        }

        return names;
    }

    private static void AddNames(Expr condition, HashSet<string> names) => names.UnionWith(NamesIn(condition));

    private static IEnumerable<string> NamesIn(Expr expr) =>
        SyntaxChildren.Descendants(expr).Prepend(expr).OfType<Identifier>().Select(i => i.Name);
}
