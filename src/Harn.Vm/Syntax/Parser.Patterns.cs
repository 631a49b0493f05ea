namespace Harn.Syntax;

public sealed partial class Parser
{
    /// <summary>A let/var/for target: a name, `{...}` dict pattern, `[...]` list pattern or `(a, b)` pair.</summary>
    private BindingTarget ParseBindingTarget()
    {
        using var nesting = Nest();
        SkipNewlines();
        var start = Current;
        switch (start.Kind)
        {
            case TokenKind.Identifier:
                Advance();
                return new NameTarget(start.Span, start.Text);
            case TokenKind.LeftBrace:
                return ParseDictTarget();
            case TokenKind.LeftBracket:
                return ParseListTarget();
            case TokenKind.LeftParen:
                Advance();
                var first = ParseBindingTarget();
                Expect(TokenKind.Comma, ",");
                var second = ParseBindingTarget();
                Expect(TokenKind.RightParen, ")");
                return new PairTarget(SpanFrom(start.Span), first, second);
            default:
                throw Error("variable name or destructuring pattern");
        }
    }

    private DictTarget ParseDictTarget()
    {
        var open = Advance();
        var fields = new List<DictTargetField>();
        string? rest = null;
        ParseCommaList(TokenKind.RightBrace, () =>
        {
            if (rest is not null)
            {
                throw ErrorMessage($"Rest pattern must be last at {Current.Span.Line}:{Current.Span.Column}", Current.Span);
            }

            if (Match(TokenKind.Ellipsis))
            {
                rest = ExpectName("rest variable name").Text;
                return;
            }

            var key = ExpectName("field name", allowKeywords: true);
            BindingTarget target = new NameTarget(key.Span, key.Text);
            if (Match(TokenKind.Colon))
            {
                target = ParseBindingTarget();
            }

            Expr? defaultValue = null;
            if (Match(TokenKind.Assign))
            {
                SkipNewlines();
                defaultValue = WithStructLiterals(true, ParseExpression);
            }

            fields.Add(new DictTargetField(SpanFrom(key.Span), key.Text, target, defaultValue));
        });
        return new DictTarget(SpanFrom(open.Span), fields, rest);
    }

    private ListTarget ParseListTarget()
    {
        var open = Advance();
        var elements = new List<ListTargetElement>();
        string? rest = null;
        ParseCommaList(TokenKind.RightBracket, () =>
        {
            if (rest is not null)
            {
                throw ErrorMessage($"Rest pattern must be last at {Current.Span.Line}:{Current.Span.Column}", Current.Span);
            }

            if (Match(TokenKind.Ellipsis))
            {
                rest = ExpectName("rest variable name").Text;
                return;
            }

            var start = Current.Span;
            var target = ParseBindingTarget();
            Expr? defaultValue = null;
            if (Match(TokenKind.Assign))
            {
                SkipNewlines();
                defaultValue = WithStructLiterals(true, ParseExpression);
            }

            elements.Add(new ListTargetElement(SpanFrom(start), target, defaultValue));
        });
        return new ListTarget(SpanFrom(open.Span), elements, rest);
    }

    /// <summary>A match-arm pattern: alternatives separated by `|`, each parsed as an expression and then classified.</summary>
    private Pattern ParsePattern()
    {
        var start = Current.Span;
        var alternatives = new List<Pattern> { ToPattern(WithStructLiterals(true, ParseTernary)) };
        while (Match(TokenKind.Bar))
        {
            SkipNewlines();
            alternatives.Add(ToPattern(WithStructLiterals(true, ParseTernary)));
        }

        return alternatives.Count == 1 ? alternatives[0] : new OrPattern(SpanFrom(start), alternatives);
    }

    /// <summary>Classifies a pattern written as an expression (the expression tree is already depth-bounded).</summary>
    private static Pattern ToPattern(Expr expression)
    {
        switch (expression)
        {
            case Identifier { Name: "_" }:
                return new WildcardPattern(expression.Span);
            case Identifier identifier:
                return new BindingPattern(expression.Span, identifier.Name);
            case IntLiteral or FloatLiteral or StringLiteral or BoolLiteral or NilLiteral or DurationLiteral:
            case UnaryExpr { Op: UnaryOp.Negate, Operand: IntLiteral or FloatLiteral }:
                return new LiteralPattern(expression.Span, expression);
            case MemberExpr { Target: Identifier enumName, IsOptional: false } member:
                return new EnumPattern(expression.Span, enumName.Name, member.Name, null);
            case MethodCallExpr { Target: Identifier enumName, IsOptional: false, TypeArgs.Count: 0 } call
                when call.Args.All(a => a is not SpreadExpr):
                return new EnumPattern(expression.Span, enumName.Name, call.Name, call.Args.Select(ToPattern).ToList());
            case DictLiteral dict when dict.Entries.All(e => e is DictPair { IsComputed: false, Key: StringLiteral }):
                var entries = dict.Entries.Cast<DictPair>()
                    .Select(p => new DictPatternEntry(p.Span, ((StringLiteral)p.Key).Value, ToPattern(p.Value)))
                    .ToList();
                return new DictPattern(expression.Span, entries);
            case ListLiteral list when IsListPattern(list):
                string? rest = list.Elements.Count > 0 && list.Elements[^1] is SpreadExpr { Value: Identifier restName } ? restName.Name : null;
                var elements = (rest is null ? list.Elements : list.Elements.Take(list.Elements.Count - 1)).Select(ToPattern).ToList();
                return new ListPattern(expression.Span, elements, rest);
            default:
                return new ExpressionPattern(expression.Span, expression);
        }
    }

    /// <summary>A list pattern may end with `...name`; no other spread is allowed.</summary>
    private static bool IsListPattern(ListLiteral list)
    {
        for (int i = 0; i < list.Elements.Count; i++)
        {
            if (list.Elements[i] is SpreadExpr spread && (i != list.Elements.Count - 1 || spread.Value is not Identifier))
            {
                return false;
            }
        }

        return true;
    }
}
