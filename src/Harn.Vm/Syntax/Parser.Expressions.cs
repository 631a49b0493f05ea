namespace Harn.Syntax;

public sealed partial class Parser
{
    // Binding strength of binary operators (higher binds tighter); pipe, range and ternary sit below.
    private const int PrecedenceOr = 3;
    private const int PrecedenceAnd = 4;
    private const int PrecedenceEquality = 5;
    private const int PrecedenceComparison = 6;
    private const int PrecedenceAdditive = 7;
    private const int PrecedenceNilCoalesce = 8;
    private const int PrecedenceMultiplicative = 9;
    private const int PrecedencePower = 10;

    private Expr ParseExpression()
    {
        using var nesting = Nest();
        return ParsePipe();
    }

    /// <summary>`a |> b |> c` (left-associative, lowest precedence).</summary>
    private Expr ParsePipe()
    {
        var left = ParseRange();
        int links = 0;
        while (CheckContinuedOperator(TokenKind.PipeGreater))
        {
            SkipNewlines();
            Advance();
            SkipNewlines();
            var right = ParseRange();
            left = new BinaryExpr(left.Span.To(right.Span), BinaryOp.Pipe, left, right);
            CountChainLink(ref links);
        }

        return left;
    }

    /// <summary>True when the next operator is <paramref name="kind"/>, on this line or starting the next non-blank line.</summary>
    private bool CheckContinuedOperator(TokenKind kind)
    {
        if (Kind == kind)
        {
            return true;
        }

        return Kind == TokenKind.Newline && KindPastNewlines() == kind;
    }

    private void CountChainLink(ref int links)
    {
        if (++links > MaxChainLength)
        {
            Report(Diagnostic($"Expression too long: more than {MaxChainLength} chained operations", Current.Span));
            throw new ParseAbort();
        }
    }

    /// <summary>`a to b` or `a to b exclusive`.</summary>
    private Expr ParseRange()
    {
        var left = ParseTernary();
        if (!Check(TokenKind.To))
        {
            return left;
        }

        Advance();
        SkipNewlines();
        var right = ParseTernary();
        bool exclusive = Match(TokenKind.Exclusive);
        return new RangeExpr(SpanFrom(left.Span), left, right, exclusive);
    }

    /// <summary>`cond ? a : b` (right-associative). Postfix `?` has already been told apart in <see cref="ParsePostfix"/>.</summary>
    private Expr ParseTernary()
    {
        var condition = ParseBinary(PrecedenceOr);
        if (!Check(TokenKind.Question))
        {
            return condition;
        }

        Advance();
        SkipNewlines();
        var then = ParseTernary();
        Expect(TokenKind.Colon, ":");
        SkipNewlines();
        var otherwise = ParseTernary();
        return new TernaryExpr(SpanFrom(condition.Span), condition, then, otherwise);
    }

    private Expr ParseBinary(int minPrecedence)
    {
        var left = ParseUnary();
        int links = 0;
        while (true)
        {
            int operatorAt = BinaryOperatorIndex(out var op, out int precedence, out int width);
            if (operatorAt < 0 || precedence < minPrecedence)
            {
                return left;
            }

            _pos = operatorAt + width;
            SkipNewlines();
            var right = op == BinaryOp.Power ? ParseBinary(precedence) : ParseBinary(precedence + 1);
            left = new BinaryExpr(left.Span.To(right.Span), op, left, right);
            CountChainLink(ref links);
        }
    }

    /// <summary>
    /// Finds a binary operator at the current token, or at the start of the next line for operators that
    /// may continue an expression there (not `-`, `in`, `not in`). Returns its token index or -1.
    /// </summary>
    private int BinaryOperatorIndex(out BinaryOp op, out int precedence, out int width)
    {
        int index = _pos;
        bool continued = false;
        if (_tokens[index].Kind == TokenKind.Newline)
        {
            index = IndexPastNewlines();
            continued = true;
        }

        var token = _tokens[index];
        width = 1;
        (op, precedence) = token.Kind switch
        {
            TokenKind.BarBar => (BinaryOp.Or, PrecedenceOr),
            TokenKind.AmpAmp => (BinaryOp.And, PrecedenceAnd),
            TokenKind.EqualEqual => (BinaryOp.Equal, PrecedenceEquality),
            TokenKind.BangEqual => (BinaryOp.NotEqual, PrecedenceEquality),
            TokenKind.Less => (BinaryOp.Less, PrecedenceComparison),
            TokenKind.Greater => (BinaryOp.Greater, PrecedenceComparison),
            TokenKind.LessEqual => (BinaryOp.LessEqual, PrecedenceComparison),
            TokenKind.GreaterEqual => (BinaryOp.GreaterEqual, PrecedenceComparison),
            TokenKind.Plus => (BinaryOp.Add, PrecedenceAdditive),
            TokenKind.QuestionQuestion => (BinaryOp.NilCoalesce, PrecedenceNilCoalesce),
            TokenKind.Star => (BinaryOp.Multiply, PrecedenceMultiplicative),
            TokenKind.Slash => (BinaryOp.Divide, PrecedenceMultiplicative),
            TokenKind.Percent => (BinaryOp.Modulo, PrecedenceMultiplicative),
            TokenKind.StarStar => (BinaryOp.Power, PrecedencePower),
            _ => (default(BinaryOp), -1),
        };
        if (precedence >= 0)
        {
            return index;
        }

        if (continued)
        {
            return -1;
        }

        switch (token.Kind)
        {
            case TokenKind.Minus:
                (op, precedence) = (BinaryOp.Subtract, PrecedenceAdditive);
                return index;
            case TokenKind.In:
                (op, precedence) = (BinaryOp.In, PrecedenceComparison);
                return index;
            case TokenKind.Identifier when token.Text == "not" && PeekKind(index - _pos + 1) == TokenKind.In:
                (op, precedence, width) = (BinaryOp.NotIn, PrecedenceComparison, 2);
                return index;
            default:
                return -1;
        }
    }

    private Expr ParseUnary()
    {
        using var nesting = Nest();
        var start = Current;
        switch (start.Kind)
        {
            case TokenKind.Bang:
                Advance();
                return new UnaryExpr(SpanFrom(start.Span), UnaryOp.Not, ParseUnary());
            case TokenKind.Minus:
                Advance();
                return new UnaryExpr(SpanFrom(start.Span), UnaryOp.Negate, ParseUnary());
            case TokenKind.Try when PeekKind(1) == TokenKind.Star:
                Advance();
                Advance();
                return new TryStarExpr(SpanFrom(start.Span), ParseUnary());
            default:
                return ParsePostfix();
        }
    }

    private Expr ParsePostfix()
    {
        var expression = ParsePrimary();
        int links = 0;
        while (true)
        {
            var start = expression.Span;
            switch (Kind)
            {
                case TokenKind.Dot:
                case TokenKind.QuestionDot:
                    expression = ParseMemberAccess(expression);
                    break;
                case TokenKind.Newline when KindPastNewlines() is TokenKind.Dot or TokenKind.QuestionDot:
                    SkipNewlines();
                    expression = ParseMemberAccess(expression);
                    break;
                case TokenKind.LeftBracket:
                case TokenKind.QuestionBracket:
                    expression = ParseSubscript(expression);
                    break;
                case TokenKind.LeftParen:
                    expression = new CallExpr(start, expression, [], ParseArguments());
                    expression = expression with { Span = SpanFrom(start) };
                    break;
                case TokenKind.Less when expression is Identifier && IsGenericCallAhead():
                    var typeArgs = ParseTypeArguments();
                    expression = new CallExpr(start, expression, typeArgs, ParseArguments());
                    expression = expression with { Span = SpanFrom(start) };
                    break;
                case TokenKind.Question when !CanStartExpression(PeekKind(1)):
                    Advance();
                    expression = new TryUnwrapExpr(SpanFrom(start), expression);
                    break;
                default:
                    return expression;
            }

            CountChainLink(ref links);
        }
    }

    /// <summary>`.name`, `.name(args)`, `?.name`, `?.name(args)`; property names may be reserved words.</summary>
    private Expr ParseMemberAccess(Expr target)
    {
        bool optional = Advance().Kind == TokenKind.QuestionDot;
        var name = ExpectName("property name", allowKeywords: true);
        if (Check(TokenKind.LeftParen))
        {
            var args = ParseArguments();
            return new MethodCallExpr(SpanFrom(target.Span), target, name.Text, [], args, optional);
        }

        if (Check(TokenKind.Less) && IsGenericCallAhead())
        {
            var typeArgs = ParseTypeArguments();
            var args = ParseArguments();
            return new MethodCallExpr(SpanFrom(target.Span), target, name.Text, typeArgs, args, optional);
        }

        return new MemberExpr(SpanFrom(target.Span), target, name.Text, optional);
    }

    /// <summary>`[index]`, `[start:end]` and their `?[` forms.</summary>
    private Expr ParseSubscript(Expr target)
    {
        bool optional = Advance().Kind == TokenKind.QuestionBracket;
        return WithStructLiterals(true, () =>
        {
            SkipNewlines();
            Expr? first = null;
            if (!Check(TokenKind.Colon))
            {
                first = ParseExpression();
                SkipNewlines();
            }

            if (Match(TokenKind.Colon))
            {
                SkipNewlines();
                Expr? end = Check(TokenKind.RightBracket) ? null : ParseExpression();
                Expect(TokenKind.RightBracket, "]");
                return new SliceExpr(SpanFrom(target.Span), target, first, end, optional);
            }

            // Without a colon the index was parsed above, so it is present.
            Expect(TokenKind.RightBracket, "]");
            return (Expr)new IndexExpr(SpanFrom(target.Span), target, first!, optional);
        });
    }

    /// <summary>`( args )`, where an argument may be `...spread`.</summary>
    private List<Expr> ParseArguments()
    {
        Advance();
        var args = new List<Expr>();
        WithStructLiterals(true, () =>
        {
            ParseCommaList(TokenKind.RightParen, () => args.Add(ParseElement()));
            return 0;
        });
        return args;
    }

    /// <summary>A list element or call argument: an expression or `...expr`.</summary>
    private Expr ParseElement()
    {
        var start = Current;
        if (Match(TokenKind.Ellipsis))
        {
            var value = ParseExpression();
            return new SpreadExpr(SpanFrom(start.Span), value);
        }

        return ParseExpression();
    }

    /// <summary>
    /// After an identifier and `&lt;`: true when the tokens up to the matching `&gt;` can form type
    /// arguments and a `(` follows, as in `f&lt;int&gt;(x)`; otherwise `&lt;` is a comparison.
    /// </summary>
    private bool IsGenericCallAhead()
    {
        int angle = 0;
        for (int i = _pos; i < _tokens.Count; i++)
        {
            switch (_tokens[i].Kind)
            {
                case TokenKind.Less:
                    angle++;
                    break;
                case TokenKind.Greater:
                    if (--angle == 0)
                    {
                        return i + 1 < _tokens.Count && _tokens[i + 1].Kind == TokenKind.LeftParen;
                    }

                    break;
                case TokenKind.Identifier or TokenKind.Nil or TokenKind.Fn or TokenKind.Comma or TokenKind.LeftBracket
                    or TokenKind.RightBracket or TokenKind.Bar or TokenKind.String or TokenKind.Int or TokenKind.Arrow
                    or TokenKind.LeftParen or TokenKind.RightParen:
                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    private List<TypeExpr> ParseTypeArguments()
    {
        Advance();
        var types = new List<TypeExpr>();
        ParseCommaList(TokenKind.Greater, () => types.Add(ParseType()));
        return types;
    }
}
