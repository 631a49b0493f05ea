namespace Harn.Syntax;

public sealed partial class Parser
{
    /// <summary>
    /// Parses statements separated by newlines or `;` until `}` (blocks) or end of file (top level).
    /// A failing statement is reported and skipped.
    /// </summary>
    private void ParseStatementList(List<Stmt> statements, bool topLevel)
    {
        while (true)
        {
            SkipNewlines();
            if (Check(TokenKind.Eof) || (!topLevel && Check(TokenKind.RightBrace)))
            {
                return;
            }

            int start = _pos;
            try
            {
                statements.Add(ParseStatement());
                ExpectStatementSeparator(topLevel);
            }
            catch (ParseError error)
            {
                Report(error.Diagnostic);
                if (error.Fatal)
                {
                    throw new ParseAbort();
                }

                Synchronize(start, topLevel);
            }
        }
    }

    private void ExpectStatementSeparator(bool topLevel)
    {
        if (Check(TokenKind.Newline))
        {
            SkipNewlines();
        }
        else if (Match(TokenKind.Semicolon))
        {
            SkipNewlines();
        }
        else if (!Check(TokenKind.Eof) && (topLevel || !Check(TokenKind.RightBrace)))
        {
            throw Error("statement separator (`;` or newline)");
        }
    }

    /// <summary>
    /// Skips the rest of a failed statement: up to the next newline or `;` outside the brackets the
    /// statement opened, or to the `}` that closes the enclosing block.
    /// </summary>
    private void Synchronize(int statementStart, bool topLevel)
    {
        int balance = 0;
        for (int i = statementStart; i < _pos; i++)
        {
            balance += BracketDelta(_tokens[i].Kind);
        }

        while (!Check(TokenKind.Eof))
        {
            var kind = Kind;
            if (balance <= 0 && (kind == TokenKind.Newline || kind == TokenKind.Semicolon))
            {
                Advance();
                return;
            }

            if (balance <= 0 && kind == TokenKind.RightBrace && !topLevel)
            {
                break;
            }

            balance += BracketDelta(kind);
            Advance();
        }

        if (_pos == statementStart)
        {
            Advance();
        }
    }

    private static int BracketDelta(TokenKind kind) => kind switch
    {
        TokenKind.LeftBrace or TokenKind.LeftParen or TokenKind.LeftBracket or TokenKind.QuestionBracket => 1,
        TokenKind.RightBrace or TokenKind.RightParen or TokenKind.RightBracket => -1,
        _ => 0,
    };

    /// <summary>`{ statements }`.</summary>
    private Block ParseBlock()
    {
        var open = Expect(TokenKind.LeftBrace, "{");
        var statements = new List<Stmt>();
        bool saved = _noStructLiteral;
        _noStructLiteral = false;
        try
        {
            ParseStatementList(statements, topLevel: false);
        }
        finally
        {
            _noStructLiteral = saved;
        }

        Expect(TokenKind.RightBrace, "}");
        return new Block(SpanFrom(open.Span), statements);
    }

    private Stmt ParseStatement()
    {
        using var nesting = Nest();
        var start = Current;
        switch (start.Kind)
        {
            case TokenKind.At:
                return ParseAttributedDeclaration();
            case TokenKind.Pub:
                return ParsePublicDeclaration([]);
            case TokenKind.Let:
            case TokenKind.Var:
                return ParseVariableDecl();
            case TokenKind.For:
                return ParseFor();
            case TokenKind.While:
                return ParseWhile();
            case TokenKind.Return:
                Advance();
                return new ReturnStmt(SpanFrom(start.Span), StartsExpressionOnSameLine() ? ParseExpression() : null);
            case TokenKind.Throw:
                Advance();
                return new ThrowStmt(SpanFrom(start.Span), ParseExpression());
            case TokenKind.Break:
                Advance();
                return new BreakStmt(start.Span);
            case TokenKind.Continue:
                Advance();
                return new ContinueStmt(start.Span);
            case TokenKind.Guard:
                return ParseGuard();
            case TokenKind.Require:
                return ParseRequire();
            case TokenKind.Defer:
                Advance();
                return new DeferStmt(SpanFrom(start.Span), ParseBlock());
            case TokenKind.Emit:
                Advance();
                return new EmitStmt(SpanFrom(start.Span), ParseExpression());
            case TokenKind.Fn when PeekKind(1) == TokenKind.Identifier:
                return ParseFnDecl([], isPublic: false, start);
            case TokenKind.Identifier when start.Text == "gen" && PeekKind(1) == TokenKind.Fn && PeekKind(2) == TokenKind.Identifier:
                return ParseFnDecl([], isPublic: false, start);
            case TokenKind.Identifier when IsSkillStart():
                return ParseSkill([], isPublic: false, start);
            case TokenKind.Pipeline:
            case TokenKind.Import:
            case TokenKind.Enum:
            case TokenKind.Struct:
            case TokenKind.Interface:
            case TokenKind.Impl:
            case TokenKind.Type:
            case TokenKind.Tool:
            case TokenKind.EvalPack:
                return ParseDeclaration([], isPublic: false, start);
            case TokenKind.Override:
                return ParseOverride();
            default:
                return ParseExpressionStatement();
        }
    }

    /// <summary>`skill NAME {`: `skill` is contextual, so `skill` alone stays an identifier.</summary>
    private bool IsSkillStart() =>
        CheckIdentifier("skill") && PeekKind(1) == TokenKind.Identifier && PeekKind(2) == TokenKind.LeftBrace;

    /// <summary>True when the current token begins an expression on the current line.</summary>
    private bool StartsExpressionOnSameLine() => CanStartExpression(Kind);

    private static bool CanStartExpression(TokenKind kind) => kind switch
    {
        TokenKind.Identifier or TokenKind.Int or TokenKind.Float or TokenKind.Duration or TokenKind.String
            or TokenKind.InterpolatedString or TokenKind.True or TokenKind.False or TokenKind.Nil
            or TokenKind.LeftParen or TokenKind.LeftBracket or TokenKind.LeftBrace or TokenKind.Bang
            or TokenKind.Minus or TokenKind.If or TokenKind.Match or TokenKind.Try or TokenKind.Parallel
            or TokenKind.Retry or TokenKind.Deadline or TokenKind.Spawn or TokenKind.Fn or TokenKind.Select
            or TokenKind.Mutex or TokenKind.Yield => true,
        _ => false,
    };

    private Stmt ParseExpressionStatement()
    {
        var start = Current.Span;
        var expression = ParseExpression();
        AssignOp? op = Kind switch
        {
            TokenKind.Assign => AssignOp.Assign,
            TokenKind.PlusAssign => AssignOp.Add,
            TokenKind.MinusAssign => AssignOp.Subtract,
            TokenKind.StarAssign => AssignOp.Multiply,
            TokenKind.SlashAssign => AssignOp.Divide,
            TokenKind.PercentAssign => AssignOp.Modulo,
            _ => null,
        };
        if (op is null)
        {
            return new ExprStmt(SpanFrom(start), expression);
        }

        var opToken = Advance();
        if (expression is not (Identifier or MemberExpr { IsOptional: false } or IndexExpr { IsOptional: false }))
        {
            throw ErrorMessage($"Invalid assignment target at {opToken.Span.Line}:{opToken.Span.Column}", opToken.Span);
        }

        SkipNewlines();
        var value = ParseExpression();
        return new AssignStmt(SpanFrom(start), expression, op.Value, value);
    }

    private VariableDecl ParseVariableDecl()
    {
        var start = Advance();
        var target = ParseBindingTarget();
        TypeExpr? type = null;
        if (Match(TokenKind.Colon))
        {
            type = ParseType();
        }

        Expect(TokenKind.Assign, "=");
        SkipNewlines();
        var value = ParseExpression();
        return new VariableDecl(SpanFrom(start.Span), start.Kind == TokenKind.Var, target, type, value);
    }

    private ForStmt ParseFor()
    {
        var start = Advance();
        var target = ParseBindingTarget();
        Expect(TokenKind.In, "in");
        var iterable = ParseHeaderExpression();
        var body = ParseBlock();
        return new ForStmt(SpanFrom(start.Span), target, iterable, body);
    }

    private WhileStmt ParseWhile()
    {
        var start = Advance();
        var condition = ParseHeaderExpression();
        var body = ParseBlock();
        return new WhileStmt(SpanFrom(start.Span), condition, body);
    }

    private GuardStmt ParseGuard()
    {
        var start = Advance();
        var condition = ParseHeaderExpression();
        Expect(TokenKind.Else, "else");
        var body = ParseBlock();
        return new GuardStmt(SpanFrom(start.Span), condition, body);
    }

    private RequireStmt ParseRequire()
    {
        var start = Advance();
        var condition = ParseExpression();
        Expr? message = null;
        if (Match(TokenKind.Comma))
        {
            SkipNewlines();
            message = ParseExpression();
        }

        return new RequireStmt(SpanFrom(start.Span), condition, message);
    }

    /// <summary>An expression right before a block (`if c {`, `for x in xs {`): `Name {` is not a struct literal there.</summary>
    private Expr ParseHeaderExpression() => WithStructLiterals(false, ParseExpression);
}
