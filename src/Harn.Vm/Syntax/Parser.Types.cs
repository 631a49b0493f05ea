namespace Harn.Syntax;

public sealed partial class Parser
{
    /// <summary>A type annotation: members separated by `|` form a union.</summary>
    private TypeExpr ParseType()
    {
        using var nesting = Nest();
        SkipNewlines();
        var start = Current.Span;
        var first = ParseTypeAtom();
        if (!Check(TokenKind.Bar))
        {
            return first;
        }

        var members = new List<TypeExpr> { first };
        while (Match(TokenKind.Bar))
        {
            SkipNewlines();
            members.Add(ParseTypeAtom());
        }

        return new UnionType(SpanFrom(start), members);
    }

    private TypeExpr ParseTypeAtom()
    {
        var start = Current;
        switch (start.Kind)
        {
            case TokenKind.Identifier:
            {
                Advance();
                var args = new List<TypeExpr>();
                if (Check(TokenKind.Less))
                {
                    Advance();
                    ParseCommaList(TokenKind.Greater, () => args.Add(ParseType()));
                }

                return new NamedType(SpanFrom(start.Span), start.Text, args);
            }

            case TokenKind.Nil:
                Advance();
                return new NamedType(start.Span, "nil", []);
            case TokenKind.Fn:
            {
                Advance();
                Expect(TokenKind.LeftParen, "(");
                var parameters = new List<TypeExpr>();
                ParseCommaList(TokenKind.RightParen, () =>
                {
                    // Function types may name their parameters: `fn(x: int) -> int`.
                    if (Check(TokenKind.Identifier) && PeekKind(1) == TokenKind.Colon)
                    {
                        Advance();
                        Advance();
                    }

                    parameters.Add(ParseType());
                });
                var returnType = Match(TokenKind.Arrow) ? ParseType() : null;
                return new FnType(SpanFrom(start.Span), parameters, returnType);
            }

            case TokenKind.LeftBracket:
            {
                Advance();
                var element = ParseType();
                Expect(TokenKind.RightBracket, "]");
                return new ListType(SpanFrom(start.Span), element);
            }

            case TokenKind.LeftBrace:
                return ParseShapeType();
            case TokenKind.LeftParen:
            {
                Advance();
                var inner = ParseType();
                Expect(TokenKind.RightParen, ")");
                return inner;
            }

            case TokenKind.String or TokenKind.Int or TokenKind.Float or TokenKind.True or TokenKind.False:
                return new LiteralType(start.Span, ParsePrimary());
            case TokenKind.Minus when PeekKind(1) is TokenKind.Int or TokenKind.Float:
            {
                Advance();
                var literal = ParsePrimary();
                var span = SpanFrom(start.Span);
                return new LiteralType(span, new UnaryExpr(span, UnaryOp.Negate, literal));
            }

            default:
                throw Error("type");
        }
    }

    /// <summary>`{name: T, other?: U}`; fields may also be separated by newlines.</summary>
    private ShapeType ParseShapeType()
    {
        var open = Advance();
        var fields = new List<ShapeField>();
        using var nesting = Nest();
        while (true)
        {
            SkipSeparators();
            if (Match(TokenKind.RightBrace))
            {
                break;
            }

            var name = Check(TokenKind.String) ? Advance() : ExpectName("field name", allowKeywords: true);
            bool optional = Match(TokenKind.Question);
            Expect(TokenKind.Colon, ":");
            var type = ParseType();
            fields.Add(new ShapeField(SpanFrom(name.Span), name.Text, optional, type));
            SkipNewlines();
            if (!Check(TokenKind.Comma) && !Check(TokenKind.RightBrace) && !Check(TokenKind.Semicolon))
            {
                throw Error(", or }");
            }
        }

        return new ShapeType(SpanFrom(open.Span), fields);
    }
}
