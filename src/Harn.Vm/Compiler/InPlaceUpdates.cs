using System.Collections.Frozen;
using Harn.Syntax;

namespace Harn.Compiler;

/// <summary>
/// The compiler's side of <see cref="Runtime.VariableOwnership"/>: which variables an element or
/// property update (<c>d[k] = v</c>, <c>xs[i] += 1</c>, <c>cfg.name = v</c>) may change in place,
/// and which index expressions are safe to evaluate while such a variable's value sits unreleased
/// on the stack.
/// </summary>
internal static class InPlaceUpdates
{
    /// <summary>
    /// Every name that is the root of an element or property update anywhere in
    /// <paramref name="module"/>, nested functions included. Names, not bindings: a name shadowed
    /// elsewhere only makes that other variable's reads release too, which is always correct.
    /// </summary>
    public static HashSet<string> RootsIn(Node module)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        AstWalker.Walk(module, node =>
        {
            if (node is AssignStmt { Target: IndexExpr or MemberExpr } assignment && Root(assignment.Target) is { } root)
            {
                names.Add(root);
            }
            else if (node is AssignStmt update && DictMergeOperand(update) is not null)
            {
                names.Add(((Identifier)update.Target).Name);
            }

            return true;
        });
        return names;
    }

    /// <summary>
    /// The dict literal of <c>d = d + {...}</c> or <c>d += {...}</c>, an update that merges into a
    /// dict the variable owns; null for any other assignment. Only a literal on the right: that
    /// names the variable as one holding a dict, where an accumulator like <c>n = n + x</c> must
    /// keep its plain reads.
    /// </summary>
    public static DictLiteral? DictMergeOperand(AssignStmt assignment) => assignment switch
    {
        { Target: Identifier target, Op: AssignOp.Assign, Value: BinaryExpr { Op: BinaryOp.Add, Left: Identifier left, Right: DictLiteral literal } }
            when left.Name == target.Name => literal,
        { Target: Identifier, Op: AssignOp.Add, Value: DictLiteral literal } => literal,
        _ => null,
    };

    /// <summary>
    /// Methods of lists and dicts that only look into the receiver and never hand it on, so a
    /// receiver its variable owns may stay owned (<c>d.has(k)</c>, <c>d.get(k, 0)</c>).
    /// </summary>
    public static readonly IReadOnlySet<string> QueryMethods = new HashSet<string>(StringComparer.Ordinal)
    {
        "has", "contains", "has_key", "contains_key", "get", "len", "length", "is_empty", "keys", "values", "index_of",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// True when evaluating <paramref name="expression"/> runs no Harn code (no call, no closure,
    /// nothing that could yield), so no other code can touch a variable meanwhile.
    /// </summary>
    public static bool RunsNoCode(Expr expression)
    {
        if (!IsPlain(expression))
        {
            return false;
        }

        var plain = true;
        AstWalker.Walk(expression, node =>
        {
            plain &= IsPlain(node);
            return plain;
        });
        return plain;
    }

    private static bool IsPlain(Node node) => node is IntLiteral or FloatLiteral or DurationLiteral or StringLiteral
        or BoolLiteral or NilLiteral or Identifier or InterpolatedString or TextPart or InterpolationPart or UnaryExpr
        or TernaryExpr or IndexExpr or MemberExpr or BinaryExpr { Op: not BinaryOp.Pipe } or DictLiteral or DictPair;

    private static string? Root(Expr target)
    {
        while (true)
        {
            switch (target)
            {
                case IndexExpr index:
                    target = index.Target;
                    break;
                case MemberExpr member:
                    target = member.Target;
                    break;
                case Identifier identifier:
                    return identifier.Name;
                default:
                    return null;
            }
        }
    }
}
