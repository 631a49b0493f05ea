using Harn.Hosting;

namespace Harn.Syntax;

/// <summary>
/// Recursive-descent parser with precedence climbing for binary operators. It reports every error
/// it can: after a bad statement it skips to the next statement and carries on.
/// </summary>
public sealed partial class Parser
{
    /// <summary>
    /// How deeply constructs may nest (parentheses, blocks, unary operators, types, patterns).
    /// Deeper input is rejected with a diagnostic instead of exhausting the stack.
    /// </summary>
    public const int MaxNestingDepth = 256;

    /// <summary>How many links a single left-associative chain (a + b + ..., a.b().c()...) may have.</summary>
    public const int MaxChainLength = 4096;

    private const int MaxDiagnostics = 100;

    private readonly string _source;
    private readonly string? _file;
    private readonly IReadOnlyList<Token> _tokens;
    private readonly List<HarnDiagnostic> _diagnostics;
    private int _pos;
    private int _depth;

    /// <summary>True while parsing a condition or a header before a block, where `Name {` opens the block.</summary>
    private bool _noStructLiteral;

    private Parser(string source, string? file, IReadOnlyList<Token> tokens, List<HarnDiagnostic> diagnostics, int depth)
    {
        _source = source;
        _file = file;
        _tokens = tokens;
        _diagnostics = diagnostics;
        _depth = depth;
    }

    /// <summary>Parses a whole source file. The program is always returned, possibly partial when there are diagnostics.</summary>
    public static ParseResult Parse(string source, string? file = null)
    {
        var lexed = Lexer.Lex(source, file);
        if (lexed.Diagnostics.Count > 0)
        {
            var empty = new ProgramNode(new Span(1, 1, 0, 0), []);
            return new ParseResult(empty, lexed.Diagnostics);
        }

        var parser = new Parser(source, file, lexed.Tokens, [], 0);
        var program = parser.ParseProgram();
        return new ParseResult(program, parser._diagnostics);
    }

    private ProgramNode ParseProgram()
    {
        var statements = new List<Stmt>();
        try
        {
            ParseStatementList(statements, topLevel: true);
        }
        catch (ParseAbort)
        {
            // A fatal error (end of file, too deep, too many errors) was already recorded.
        }

        var first = _tokens[0].Span;
        return new ProgramNode(new Span(first.Line, first.Column, 0, _source.Length), statements);
    }

    // ---- Token access ----------------------------------------------------------------------

    private Token Current => _tokens[_pos];

    private TokenKind Kind => _tokens[_pos].Kind;

    private Token PeekToken(int offset)
    {
        int index = Math.Min(_pos + offset, _tokens.Count - 1);
        return _tokens[index];
    }

    private TokenKind PeekKind(int offset) => PeekToken(offset).Kind;

    private bool Check(TokenKind kind) => Kind == kind;

    private bool CheckIdentifier(string text) => Kind == TokenKind.Identifier && Current.Text == text;

    private Token Advance()
    {
        var token = _tokens[_pos];
        if (token.Kind != TokenKind.Eof)
        {
            _pos++;
        }

        return token;
    }

    private bool Match(TokenKind kind)
    {
        if (Kind != kind)
        {
            return false;
        }

        Advance();
        return true;
    }

    private void SkipNewlines()
    {
        while (Kind == TokenKind.Newline)
        {
            _pos++;
        }
    }

    /// <summary>The index of the first token at or after the current one that is not a newline.</summary>
    private int IndexPastNewlines() => IndexAfterNewlines(_pos);

    /// <summary>The index of the first token at or after <paramref name="index"/> that is not a newline.</summary>
    private int IndexAfterNewlines(int index)
    {
        while (_tokens[index].Kind == TokenKind.Newline)
        {
            index++;
        }

        return index;
    }

    private TokenKind KindPastNewlines() => _tokens[IndexPastNewlines()].Kind;

    /// <summary>Skips newlines, then consumes a token of <paramref name="kind"/> or fails with "Expected <paramref name="expected"/>".</summary>
    private Token Expect(TokenKind kind, string expected)
    {
        SkipNewlines();
        if (Kind != kind)
        {
            throw Error(expected);
        }

        return Advance();
    }

    /// <summary>A name: an identifier, or a reserved word where the grammar allows one (property names, dict keys).</summary>
    private Token ExpectName(string expected, bool allowKeywords = false)
    {
        SkipNewlines();
        if (Kind == TokenKind.Identifier || (allowKeywords && Keywords.IsKeyword(Kind)))
        {
            return Advance();
        }

        throw Error(expected);
    }

    private bool IsNameToken(int offset, bool allowKeywords)
    {
        var kind = PeekKind(offset);
        return kind == TokenKind.Identifier || (allowKeywords && Keywords.IsKeyword(kind));
    }

    // ---- Spans -------------------------------------------------------------------------------

    /// <summary>The end offset of the last consumed token.</summary>
    private int LastEnd => _pos > 0 ? _tokens[_pos - 1].Span.End : 0;

    private Span SpanFrom(Span start) => new(start.Line, start.Column, start.Start, Math.Max(start.Start, LastEnd));

    // ---- Errors ------------------------------------------------------------------------------

    /// <summary>An error at the current token: "Expected X, got Y at L:C" or "Unexpected end of file, expected X".</summary>
    private ParseError Error(string expected) => ErrorAt(Current, expected);

    private ParseError ErrorAt(Token token, string expected)
    {
        if (token.Kind == TokenKind.Eof)
        {
            return new ParseError(Diagnostic($"Unexpected end of file, expected {expected}", token.Span), fatal: true);
        }

        return new ParseError(Diagnostic($"Expected {expected}, got {Describe(token)} at {token.Span.Line}:{token.Span.Column}", token.Span), fatal: false);
    }

    private ParseError ErrorMessage(string message, Span span, bool fatal = false) => new(Diagnostic(message, span), fatal);

    private HarnDiagnostic Diagnostic(string message, Span span) => new(message, span.Line, span.Column, _file);

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.Newline => "newline",
        TokenKind.String => "string",
        TokenKind.InterpolatedString => "string",
        _ => token.Text,
    };

    private void Report(HarnDiagnostic diagnostic)
    {
        _diagnostics.Add(diagnostic);
        if (_diagnostics.Count >= MaxDiagnostics)
        {
            throw new ParseAbort();
        }
    }

    /// <summary>Counts one level of nesting for the duration of a construct; fails past <see cref="MaxNestingDepth"/>.</summary>
    private NestingScope Nest()
    {
        if (_depth >= MaxNestingDepth)
        {
            Report(Diagnostic($"Nesting too deep: more than {MaxNestingDepth} levels", Current.Span));
            throw new ParseAbort();
        }

        _depth++;
        return new NestingScope(this);
    }

    private readonly struct NestingScope(Parser parser) : IDisposable
    {
        public void Dispose() => parser._depth--;
    }

    /// <summary>Runs <paramref name="parse"/> with struct literals allowed or not, restoring the previous setting.</summary>
    private T WithStructLiterals<T>(bool allowed, Func<T> parse)
    {
        bool saved = _noStructLiteral;
        _noStructLiteral = !allowed;
        try
        {
            return parse();
        }
        finally
        {
            _noStructLiteral = saved;
        }
    }

    /// <summary>A recoverable syntax error; the statement list that catches it skips to the next statement.</summary>
    private sealed class ParseError(HarnDiagnostic diagnostic, bool fatal) : Exception(diagnostic.Message)
    {
        public HarnDiagnostic Diagnostic { get; } = diagnostic;

        /// <summary>Errors at end of file cannot be recovered from.</summary>
        public bool Fatal { get; } = fatal;
    }

    /// <summary>Stops parsing altogether; the reason is already in the diagnostics.</summary>
    private sealed class ParseAbort : Exception;
}

/// <summary>The parsed program and every diagnostic found (empty when the source is valid).</summary>
public sealed record ParseResult(ProgramNode Program, IReadOnlyList<HarnDiagnostic> Diagnostics)
{
    public bool Success => Diagnostics.Count == 0;
}
