using System.Runtime.CompilerServices;
using Harn.Syntax;

namespace Harn.Checker;

/// <summary>
/// Lists the direct child nodes of any syntax node, so whole-tree scans can run with an explicit
/// stack instead of recursion (input nesting depth is user-controlled).
/// </summary>
internal static class SyntaxChildren
{
    /// <summary>
    /// Whole-program walks, kept per program: the checker scans the same tree several times, and
    /// the tree never changes once parsed.
    /// </summary>
    private static readonly ConditionalWeakTable<Node, Node[]> ProgramWalks = new();

    /// <summary>Every node below <paramref name="root"/> (not including it), visited without recursion.</summary>
    public static IEnumerable<Node> Descendants(Node root, Func<Node, bool>? descendInto = null)
    {
        if (descendInto is null && root is ProgramNode)
        {
            return ProgramWalks.GetValue(root, static program => Walk(program, null).ToArray());
        }

        return Walk(root, descendInto);
    }

    private static IEnumerable<Node> Walk(Node root, Func<Node, bool>? descendInto)
    {
        var stack = new List<Node>();
        PushChildren(stack, root);
        while (stack.Count > 0)
        {
            var node = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            yield return node;
            if (descendInto is null || descendInto(node))
            {
                PushChildren(stack, node);
            }
        }
    }

    /// <summary>Pushes the children of <paramref name="node"/> so that the first one is popped first.</summary>
    private static void PushChildren(List<Node> stack, Node node)
    {
        var start = stack.Count;
        stack.AddRange(Of(node));
        stack.Reverse(start, stack.Count - start);
    }

    public static IEnumerable<Node> Of(Node node)
    {
        switch (node)
        {
            case ProgramNode program:
                return program.Statements;
            case Block block:
                return block.Statements;
            case Parameter parameter:
                return Maybe(parameter.Type, parameter.Default);
            case AttributeNode attribute:
                return attribute.Args.Select(a => (Node)a.Value);
            case Stmt stmt:
                return OfStatement(stmt);
            case Expr expr:
                return OfExpression(expr);
            case BindingTarget target:
                return OfTarget(target);
            case Pattern pattern:
                return OfPattern(pattern);
            case MatchArm arm:
                return Concat([arm.Pattern], Maybe(arm.Guard), [arm.Body]);
            case CatchClause clause:
                return Concat(Maybe(clause.ErrorType), [clause.Body]);
            case SelectCase selectCase:
                return [selectCase.Channel, selectCase.Body];
            case SelectTimeout timeout:
                return [timeout.Duration, timeout.Body];
            case DictPair pair:
                return [pair.Key, pair.Value];
            case DictSpread spread:
                return [spread.Value];
            case InterpolationPart part:
                return [part.Expression];
            case NamedField field:
                return [field.Value];
            case EnumVariant variant:
                return variant.Fields;
            case InterfaceMethod method:
                return Concat(method.Parameters, Maybe(method.ReturnType));
            case TypeExpr type:
                return OfType(type);
            default:
                return [];
        }
    }

    private static IEnumerable<Node> OfStatement(Stmt stmt) => stmt switch
    {
        ExprStmt s => [s.Expression],
        VariableDecl s => Concat([s.Target], Maybe(s.Type), [s.Value]),
        AssignStmt s => [s.Target, s.Value],
        WhileStmt s => [s.Condition, s.Body],
        ForStmt s => [s.Target, s.Iterable, s.Body],
        ReturnStmt s => Maybe(s.Value),
        ThrowStmt s => [s.Value],
        GuardStmt s => [s.Condition, s.Else],
        RequireStmt s => Concat([s.Condition], Maybe(s.Message)),
        DeferStmt s => [s.Body],
        EmitStmt s => [s.Value],
        FnDecl s => Concat(s.Attributes, s.Parameters, Maybe(s.ReturnType), [s.Body]),
        ToolDecl s => Concat(s.Attributes, s.Parameters, Maybe(s.ReturnType, s.Description), [s.Body]),
        SkillDecl s => Concat(s.Attributes, s.Fields),
        EvalPackDecl s => Concat(Maybe(s.Id), s.Fields, s.Statements, Maybe(s.Summarize)),
        EnumDecl s => Concat(s.Attributes, s.Variants),
        StructDecl s => Concat(s.Attributes, s.Fields.Select(f => f.Type).OfType<Node>()),
        ImplDecl s => Concat(s.Attributes, s.Methods),
        InterfaceDecl s => Concat(s.Attributes, s.Methods),
        TypeAliasDecl s => Concat(s.Attributes, [s.Type]),
        PipelineDecl s => Concat(s.Attributes, s.Parameters, Maybe(s.ReturnType), [s.Body]),
        OverrideDecl s => Concat(s.Parameters, [s.Body]),
        _ => [],
    };

    private static IEnumerable<Node> OfExpression(Expr expr) => expr switch
    {
        InterpolatedString e => e.Parts,
        SpreadExpr e => [e.Value],
        ListLiteral e => e.Elements,
        DictLiteral e => e.Entries,
        StructLiteral e => Concat(e.TypeArgs, e.Fields),
        ClosureExpr e => Concat(e.Parameters, Maybe(e.ReturnType), [e.Body]),
        UnaryExpr e => [e.Operand],
        BinaryExpr e => [e.Left, e.Right],
        TernaryExpr e => [e.Condition, e.Then, e.Else],
        RangeExpr e => [e.Start, e.End],
        MemberExpr e => [e.Target],
        MethodCallExpr e => Concat([e.Target], e.TypeArgs, e.Args),
        IndexExpr e => [e.Target, e.Index],
        SliceExpr e => Concat([e.Target], Maybe(e.Start, e.End)),
        CallExpr e => Concat([e.Callee], e.TypeArgs, e.Args),
        TryUnwrapExpr e => [e.Operand],
        TryStarExpr e => [e.Operand],
        TryExpr e => Concat([e.Body], Maybe(e.Catch, e.Finally)),
        IfExpr e => Concat([e.Condition, e.Then], Maybe(e.ElseIf, e.Else)),
        MatchExpr e => Concat([e.Subject], e.Arms),
        ParallelExpr e => Concat([e.Operand], Maybe(e.Options), [e.Body]),
        RetryExpr e => Concat(Maybe(e.Attempts), [e.Body]),
        DeadlineExpr e => [e.Duration, e.Body],
        SpawnExpr e => [e.Body],
        MutexExpr e => [e.Body],
        SelectExpr e => Concat(e.Cases, Maybe(e.Timeout, e.Default)),
        YieldExpr e => Maybe(e.Value),
        _ => [],
    };

    private static IEnumerable<Node> OfTarget(BindingTarget target) => target switch
    {
        DictTarget t => t.Fields.SelectMany(f => Concat([f.Target], Maybe(f.Default))),
        ListTarget t => t.Elements.SelectMany(e => Concat([e.Target], Maybe(e.Default))),
        PairTarget t => [t.First, t.Second],
        _ => [],
    };

    private static IEnumerable<Node> OfPattern(Pattern pattern) => pattern switch
    {
        LiteralPattern p => [p.Value],
        EnumPattern p => p.Fields ?? [],
        DictPattern p => p.Entries.Select(e => (Node)e.Value),
        ListPattern p => p.Elements,
        OrPattern p => p.Alternatives,
        ExpressionPattern p => [p.Value],
        _ => [],
    };

    private static IEnumerable<Node> OfType(TypeExpr type) => type switch
    {
        NamedType t => t.TypeArgs,
        ListType t => [t.Element],
        FnType t => Concat(t.Params, Maybe(t.Return)),
        Syntax.ShapeType t => t.Fields.Select(f => (Node)f.Type),
        Syntax.UnionType t => t.Members,
        _ => [],
    };

    private static IEnumerable<Node> Maybe(params Node?[] nodes) => nodes.OfType<Node>();

    private static IEnumerable<Node> Concat(params IEnumerable<Node>[] parts) => parts.SelectMany(p => p);
}
