namespace Harn.Syntax;

public sealed partial class Parser
{
    private Expr ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Int:
                Advance();
                return new IntLiteral(token.Span, token.IntValue);
            case TokenKind.Float:
                Advance();
                return new FloatLiteral(token.Span, token.FloatValue);
            case TokenKind.Duration:
                Advance();
                return new DurationLiteral(token.Span, token.IntValue);
            case TokenKind.String:
                Advance();
                return new StringLiteral(token.Span, token.Text);
            case TokenKind.InterpolatedString:
                Advance();
                return ParseInterpolatedString(token);
            case TokenKind.True:
            case TokenKind.False:
                Advance();
                return new BoolLiteral(token.Span, token.Kind == TokenKind.True);
            case TokenKind.Nil:
                Advance();
                return new NilLiteral(token.Span);
            case TokenKind.Identifier:
                Advance();
                if (IsStructLiteralAhead(token))
                {
                    var fields = ParseDictEntries();
                    return new StructLiteral(SpanFrom(token.Span), token.Text, [], fields);
                }

                return new Identifier(token.Span, token.Text);
            case TokenKind.LeftParen:
                return ParseParenthesized();
            case TokenKind.LeftBracket:
                return ParseList();
            case TokenKind.LeftBrace:
                return ParseBraceExpression();
            case TokenKind.If:
                return ParseIf();
            case TokenKind.Match:
                return ParseMatch();
            case TokenKind.Try:
                return ParseTry();
            case TokenKind.Parallel:
                return ParseParallel();
            case TokenKind.Retry:
                return ParseRetry();
            case TokenKind.Deadline:
                Advance();
                var duration = ParseHeaderExpression();
                return new DeadlineExpr(SpanFrom(token.Span), duration, ParseBlock());
            case TokenKind.Spawn:
                Advance();
                return new SpawnExpr(SpanFrom(token.Span), ParseBlock());
            case TokenKind.Mutex:
                Advance();
                return new MutexExpr(SpanFrom(token.Span), ParseBlock());
            case TokenKind.Fn:
                return ParseFnLiteral();
            case TokenKind.Select:
                return ParseSelect();
            case TokenKind.Yield:
                Advance();
                var value = StartsExpressionOnSameLine() ? ParseExpression() : null;
                return new YieldExpr(SpanFrom(token.Span), value);
            default:
                throw Error("expression");
        }
    }

    /// <summary>
    /// `Name {` starts a struct literal when the name is capitalised, struct literals are allowed here,
    /// and the brace holds `}`, `field:` or `...`.
    /// </summary>
    private bool IsStructLiteralAhead(Token name)
    {
        if (_noStructLiteral || !char.IsAsciiLetterUpper(name.Text[0]) || !Check(TokenKind.LeftBrace))
        {
            return false;
        }

        int i = _pos + 1;
        while (_tokens[i].Kind == TokenKind.Newline)
        {
            i++;
        }

        var first = _tokens[i].Kind;
        if (first is TokenKind.RightBrace or TokenKind.Ellipsis)
        {
            return true;
        }

        bool isName = first == TokenKind.Identifier || Keywords.IsKeyword(first) || first == TokenKind.String;
        return isName && _tokens[i + 1].Kind == TokenKind.Colon;
    }

    private Expr ParseParenthesized()
    {
        Advance();
        return WithStructLiterals(true, () =>
        {
            SkipNewlines();
            var inner = ParseExpression();
            Expect(TokenKind.RightParen, ")");
            return inner;
        });
    }

    private ListLiteral ParseList()
    {
        var open = Advance();
        var elements = new List<Expr>();
        WithStructLiterals(true, () =>
        {
            ParseCommaList(TokenKind.RightBracket, () => elements.Add(ParseElement()));
            return 0;
        });
        return new ListLiteral(SpanFrom(open.Span), elements);
    }

    /// <summary>`{` opens a closure when a top-level `->` comes before the closing brace, otherwise a dict.</summary>
    private Expr ParseBraceExpression()
    {
        var open = Current;
        if (IsClosureAhead())
        {
            Advance();
            var parameters = new List<Parameter>();
            SkipNewlines();
            while (!Check(TokenKind.Arrow))
            {
                parameters.Add(ParseParameter(parameters));
                SkipNewlines();
                if (!Check(TokenKind.Arrow))
                {
                    Expect(TokenKind.Comma, ", or ->");
                }
            }

            Advance();
            var statements = new List<Stmt>();
            WithStructLiterals(true, () =>
            {
                ParseStatementList(statements, topLevel: false);
                return 0;
            });
            Expect(TokenKind.RightBrace, "}");
            var span = SpanFrom(open.Span);
            return new ClosureExpr(span, parameters, null, new Block(span, statements), IsFnSyntax: false);
        }

        var entries = ParseDictEntries();
        return new DictLiteral(SpanFrom(open.Span), entries);
    }

    /// <summary>
    /// Scans from the current `{`: a closure has a `->` outside nested brackets on the line where its
    /// parameters start; a dict reaches a newline, a `fn` value or its closing brace first.
    /// </summary>
    private bool IsClosureAhead()
    {
        int depth = 0;
        for (int i = IndexAfterNewlines(_pos + 1); i < _tokens.Count; i++)
        {
            switch (_tokens[i].Kind)
            {
                case TokenKind.LeftBrace or TokenKind.LeftParen or TokenKind.LeftBracket or TokenKind.QuestionBracket:
                    depth++;
                    break;
                case TokenKind.RightBrace or TokenKind.RightParen or TokenKind.RightBracket:
                    if (--depth < 0)
                    {
                        return false;
                    }

                    break;
                case TokenKind.Arrow when depth == 0:
                    return true;
                case TokenKind.Newline or TokenKind.Fn when depth == 0:
                    return false;
                case TokenKind.Eof:
                    return false;
            }
        }

        return false;
    }

    /// <summary>`{ key: value, "key": value, [expr]: value, ...spread }` starting at `{`, up to and including `}`.</summary>
    private List<DictEntry> ParseDictEntries()
    {
        Expect(TokenKind.LeftBrace, "{");
        var entries = new List<DictEntry>();
        bool saved = _noStructLiteral;
        _noStructLiteral = false;
        try
        {
            using var nesting = Nest();
            while (true)
            {
                SkipNewlines();
                if (Match(TokenKind.RightBrace))
                {
                    return entries;
                }

                entries.Add(ParseDictEntry());
                SkipNewlines();
                if (Match(TokenKind.RightBrace))
                {
                    return entries;
                }

                if (!Match(TokenKind.Comma) && !Check(TokenKind.Newline))
                {
                    throw Error(", or }");
                }
            }
        }
        finally
        {
            _noStructLiteral = saved;
        }
    }

    private DictEntry ParseDictEntry()
    {
        var start = Current;
        if (Match(TokenKind.Ellipsis))
        {
            return new DictSpread(SpanFrom(start.Span), ParseExpression());
        }

        Expr key;
        bool computed = false;
        if (start.Kind == TokenKind.Identifier || Keywords.IsKeyword(start.Kind))
        {
            Advance();
            key = new StringLiteral(start.Span, start.Text);
        }
        else if (start.Kind == TokenKind.LeftBracket)
        {
            Advance();
            SkipNewlines();
            key = ParseExpression();
            Expect(TokenKind.RightBracket, "]");
            computed = true;
        }
        else if (start.Kind is TokenKind.String or TokenKind.InterpolatedString or TokenKind.Int or TokenKind.Float)
        {
            key = ParsePrimary();
            computed = start.Kind != TokenKind.String;
        }
        else
        {
            throw Error("dict key");
        }

        Expect(TokenKind.Colon, ":");
        SkipNewlines();
        var value = ParseExpression();
        return new DictPair(SpanFrom(start.Span), key, value, computed);
    }

    private IfExpr ParseIf()
    {
        var start = Advance();
        var condition = ParseHeaderExpression();
        var then = ParseBlock();
        if (KindPastNewlines() != TokenKind.Else)
        {
            return new IfExpr(SpanFrom(start.Span), condition, then, null, null);
        }

        SkipNewlines();
        Advance();
        SkipNewlines();
        if (Check(TokenKind.If))
        {
            var elseIf = ParseIf();
            return new IfExpr(SpanFrom(start.Span), condition, then, elseIf, null);
        }

        var otherwise = ParseBlock();
        return new IfExpr(SpanFrom(start.Span), condition, then, null, otherwise);
    }

    private MatchExpr ParseMatch()
    {
        var start = Advance();
        var subject = ParseHeaderExpression();
        Expect(TokenKind.LeftBrace, "{");
        var arms = new List<MatchArm>();
        bool saved = _noStructLiteral;
        _noStructLiteral = false;
        try
        {
            while (true)
            {
                SkipSeparators();
                if (Match(TokenKind.RightBrace))
                {
                    break;
                }

                arms.Add(ParseMatchArm());
            }
        }
        finally
        {
            _noStructLiteral = saved;
        }

        return new MatchExpr(SpanFrom(start.Span), subject, arms);
    }

    private MatchArm ParseMatchArm()
    {
        var start = Current.Span;
        var pattern = ParsePattern();
        Expr? guard = null;
        if (Match(TokenKind.If))
        {
            guard = ParseExpression();
        }

        Expect(TokenKind.Arrow, "->");
        SkipNewlines();
        Block body;
        if (Check(TokenKind.LeftBrace))
        {
            body = ParseBlock();
        }
        else
        {
            var bodyStart = Current.Span;
            var expression = ParseExpression();
            body = new Block(SpanFrom(bodyStart), [new ExprStmt(expression.Span, expression)]);
        }

        return new MatchArm(SpanFrom(start), pattern, guard, body);
    }

    private Expr ParseTry()
    {
        var start = Advance();
        var body = ParseBlock();
        CatchClause? catchClause = null;
        Block? finallyBlock = null;
        if (KindPastNewlines() == TokenKind.Catch)
        {
            SkipNewlines();
            var catchToken = Advance();
            string? variable = null;
            TypeExpr? errorType = null;
            if (Match(TokenKind.LeftParen))
            {
                variable = ExpectName("error variable name").Text;
                if (Match(TokenKind.Colon))
                {
                    errorType = ParseType();
                }

                Expect(TokenKind.RightParen, ")");
            }
            else if (Check(TokenKind.Identifier))
            {
                variable = Advance().Text;
                if (Match(TokenKind.Colon))
                {
                    errorType = ParseType();
                }
            }

            var handler = ParseBlock();
            catchClause = new CatchClause(SpanFrom(catchToken.Span), variable, errorType, handler);
        }

        if (KindPastNewlines() == TokenKind.Finally)
        {
            SkipNewlines();
            Advance();
            finallyBlock = ParseBlock();
        }

        return new TryExpr(SpanFrom(start.Span), body, catchClause, finallyBlock);
    }

    /// <summary>`parallel N`, `parallel(N)`, `parallel each xs`, `parallel settle xs`, then `with {...}`, the body and `as stream`.</summary>
    private ParallelExpr ParseParallel()
    {
        var start = Advance();
        var kind = ParallelKind.Count;
        if (Match(TokenKind.Each))
        {
            kind = ParallelKind.Each;
        }
        else if (Match(TokenKind.Settle))
        {
            kind = ParallelKind.Settle;
        }

        var operand = ParseHeaderExpression();
        Expr? options = null;
        if (CheckIdentifier("with"))
        {
            var with = Advance();
            options = new DictLiteral(SpanFrom(with.Span), ParseDictEntries());
        }

        var open = Expect(TokenKind.LeftBrace, "{");
        string? variable = null;
        int nameIndex = IndexAfterNewlines(_pos);
        if (_tokens[nameIndex].Kind == TokenKind.Identifier && _tokens[nameIndex + 1].Kind == TokenKind.Arrow)
        {
            SkipNewlines();
            variable = Advance().Text;
            Advance();
        }

        var statements = new List<Stmt>();
        WithStructLiterals(true, () =>
        {
            ParseStatementList(statements, topLevel: false);
            return 0;
        });
        Expect(TokenKind.RightBrace, "}");
        var body = new Block(SpanFrom(open.Span), statements);
        bool asStream = false;
        if (CheckIdentifier("as") && PeekToken(1) is { Kind: TokenKind.Identifier, Text: "stream" })
        {
            Advance();
            Advance();
            asStream = true;
        }

        return new ParallelExpr(SpanFrom(start.Span), kind, operand, options, variable, body, asStream);
    }

    private RetryExpr ParseRetry()
    {
        var start = Advance();
        Expr? attempts = Check(TokenKind.LeftBrace) ? null : ParseHeaderExpression();
        var body = ParseBlock();
        return new RetryExpr(SpanFrom(start.Span), attempts, body);
    }

    /// <summary>`fn(params) -> T { body }`.</summary>
    private ClosureExpr ParseFnLiteral()
    {
        var start = Advance();
        var parameters = ParseParameterList();
        var returnType = ParseOptionalReturnType();
        var body = ParseBlock();
        return new ClosureExpr(SpanFrom(start.Span), parameters, returnType, body, IsFnSyntax: true);
    }

    private SelectExpr ParseSelect()
    {
        var start = Advance();
        Expect(TokenKind.LeftBrace, "{");
        var cases = new List<SelectCase>();
        SelectTimeout? timeout = null;
        Block? defaultBlock = null;
        while (true)
        {
            SkipSeparators();
            if (Match(TokenKind.RightBrace))
            {
                break;
            }

            var caseStart = Current;
            if (Check(TokenKind.Identifier) && PeekKind(1) == TokenKind.From)
            {
                Advance();
                Advance();
                var channel = ParseHeaderExpression();
                cases.Add(new SelectCase(SpanFrom(caseStart.Span), caseStart.Text, channel, ParseBlock()));
            }
            else if (CheckIdentifier("timeout"))
            {
                Advance();
                var duration = ParseHeaderExpression();
                timeout = new SelectTimeout(SpanFrom(caseStart.Span), duration, ParseBlock());
            }
            else if (CheckIdentifier("default"))
            {
                Advance();
                defaultBlock = ParseBlock();
            }
            else
            {
                throw Error("select case (`name from channel`, `timeout`, or `default`)");
            }
        }

        return new SelectExpr(SpanFrom(start.Span), cases, timeout, defaultBlock);
    }

    /// <summary>Parses each `${...}` of an interpolated string in place, with positions in the original file.</summary>
    private InterpolatedString ParseInterpolatedString(Token token)
    {
        var parts = new List<StringPart>();
        foreach (var segment in token.Segments!)
        {
            if (!segment.IsExpression)
            {
                parts.Add(new TextPart(segment.Span, segment.Text));
                continue;
            }

            var lexed = Lexer.LexRange(_source, segment.Span.Start, segment.Span.End, segment.Span.Line, segment.Span.Column, _file);
            if (lexed.Diagnostics.Count > 0)
            {
                throw new ParseError(lexed.Diagnostics[0], fatal: false);
            }

            var inner = new Parser(_source, _file, lexed.Tokens, _diagnostics, _depth);
            Expr expression;
            try
            {
                inner.SkipNewlines();
                if (inner.Check(TokenKind.Eof))
                {
                    throw ErrorMessage($"Expected expression in string interpolation at {segment.Span.Line}:{segment.Span.Column}", segment.Span);
                }

                expression = inner.ParseExpression();
                inner.SkipNewlines();
                if (!inner.Check(TokenKind.Eof))
                {
                    throw inner.Error("} to close the interpolation");
                }
            }
            catch (ParseError error) when (error.Fatal)
            {
                // The end of an interpolation is not the end of the file: the statement can be skipped.
                throw new ParseError(error.Diagnostic, fatal: false);
            }

            parts.Add(new InterpolationPart(segment.Span, expression));
        }

        return new InterpolatedString(token.Span, parts);
    }
}
