using System.Globalization;
using System.Text;
using Harn.Hosting;

namespace Harn.Syntax;

/// <summary>
/// Turns source text into tokens. Newlines are tokens; spaces, tabs, carriage returns, comments,
/// a leading shebang line and backslash-newline continuations are skipped. The first lexical
/// error stops lexing and is reported with upstream's text (e.g. `Unexpected character '`' at 2:11`).
/// </summary>
public sealed class Lexer
{
    /// <summary>How deeply strings may nest inside `${...}` interpolations.</summary>
    public const int MaxInterpolationDepth = 64;

    private const char Placeholder = '\uFFFF';

    private readonly string _source;
    private readonly int _end;
    private readonly List<Token> _tokens = [];
    private int _pos;
    private int _line;
    private int _column;

    private Lexer(string source, int start, int end, int line, int column)
    {
        _source = source;
        _pos = start;
        _end = end;
        _line = line;
        _column = column;
    }

    /// <summary>Lexes a whole source file.</summary>
    public static LexResult Lex(string source, string? file = null) =>
        LexRange(source, 0, source.Length, 1, 1, file, allowShebang: true);

    /// <summary>Lexes <paramref name="source"/>[start, end) whose first character sits at line:column.</summary>
    internal static LexResult LexRange(string source, int start, int end, int line, int column, string? file, bool allowShebang = false)
    {
        var lexer = new Lexer(source, start, end, line, column);
        try
        {
            if (allowShebang)
            {
                lexer.SkipShebang();
            }

            lexer.Run();
            return new LexResult(lexer._tokens, []);
        }
        catch (LexException e)
        {
            var diagnostic = new HarnDiagnostic($"{e.Message} at {e.Line}:{e.Column}", e.Line, e.Column, file);
            return new LexResult(lexer._tokens, [diagnostic]);
        }
    }

    private char Current => _pos < _end ? _source[_pos] : '\0';

    private char PeekAt(int offset) => _pos + offset < _end ? _source[_pos + offset] : '\0';

    private bool AtEnd => _pos >= _end;

    private void SkipShebang()
    {
        if (Current == '#' && PeekAt(1) == '!')
        {
            while (!AtEnd && Current != '\n')
            {
                Advance();
            }
        }
    }

    private void Advance()
    {
        if (_source[_pos] == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }

        _pos++;
    }

    private void Run()
    {
        while (true)
        {
            SkipTrivia();
            if (AtEnd)
            {
                _tokens.Add(new Token(TokenKind.Eof, "", new Span(_line, _column, _pos, _pos)));
                return;
            }

            LexToken();
        }
    }

    private void SkipTrivia()
    {
        while (!AtEnd)
        {
            char c = Current;
            if (c is ' ' or '\t' or '\r')
            {
                Advance();
            }
            else if (c == '\\' && IsContinuation())
            {
                while (Current != '\n')
                {
                    Advance();
                }

                Advance();
            }
            else if (c == '/' && PeekAt(1) == '/')
            {
                while (!AtEnd && Current != '\n')
                {
                    Advance();
                }
            }
            else if (c == '/' && PeekAt(1) == '*')
            {
                SkipBlockComment();
            }
            else
            {
                return;
            }
        }
    }

    private bool IsContinuation()
    {
        int i = 1;
        while (PeekAt(i) is ' ' or '\t' or '\r')
        {
            i++;
        }

        return PeekAt(i) == '\n';
    }

    private void SkipBlockComment()
    {
        int line = _line, column = _column;
        Advance();
        Advance();
        int depth = 1;
        while (depth > 0)
        {
            if (AtEnd)
            {
                throw new LexException("Unterminated block comment", line, column);
            }

            if (Current == '/' && PeekAt(1) == '*')
            {
                Advance();
                Advance();
                depth++;
            }
            else if (Current == '*' && PeekAt(1) == '/')
            {
                Advance();
                Advance();
                depth--;
            }
            else
            {
                Advance();
            }
        }
    }

    private void LexToken()
    {
        int start = _pos, line = _line, column = _column;
        char c = Current;

        if (c == '\n')
        {
            Advance();
            Add(TokenKind.Newline, "\n", start, line, column);
            return;
        }

        if (char.IsAsciiDigit(c))
        {
            LexNumber(start, line, column);
            return;
        }

        if (c == 'r' && PeekAt(1) == '"')
        {
            LexRawString(start, line, column);
            return;
        }

        if (char.IsAsciiLetter(c) || c == '_')
        {
            while (char.IsAsciiLetterOrDigit(Current) || Current == '_')
            {
                Advance();
            }

            string word = _source[start.._pos];
            Add(Keywords.TryGet(word, out var kind) ? kind : TokenKind.Identifier, word, start, line, column);
            return;
        }

        if (c == '"')
        {
            if (PeekAt(1) == '"' && PeekAt(2) == '"')
            {
                LexMultiLineString(start, line, column);
            }
            else
            {
                LexString(start, line, column);
            }

            return;
        }

        var op = MatchOperator(c, PeekAt(1), PeekAt(2), out int length);
        if (op is null)
        {
            throw new LexException($"Unexpected character '{c}'", line, column);
        }

        for (int i = 0; i < length; i++)
        {
            Advance();
        }

        Add(op.Value, _source[start.._pos], start, line, column);
    }

    private static TokenKind? MatchOperator(char c, char next, char third, out int length)
    {
        length = 3;
        if (c == '.' && next == '.' && third == '.')
        {
            return TokenKind.Ellipsis;
        }

        length = 2;
        TokenKind? two = (c, next) switch
        {
            ('=', '=') => TokenKind.EqualEqual,
            ('!', '=') => TokenKind.BangEqual,
            ('&', '&') => TokenKind.AmpAmp,
            ('|', '|') => TokenKind.BarBar,
            ('|', '>') => TokenKind.PipeGreater,
            ('?', '?') => TokenKind.QuestionQuestion,
            ('*', '*') => TokenKind.StarStar,
            ('?', '.') => TokenKind.QuestionDot,
            ('?', '[') => TokenKind.QuestionBracket,
            ('-', '>') => TokenKind.Arrow,
            ('<', '=') => TokenKind.LessEqual,
            ('>', '=') => TokenKind.GreaterEqual,
            ('+', '=') => TokenKind.PlusAssign,
            ('-', '=') => TokenKind.MinusAssign,
            ('*', '=') => TokenKind.StarAssign,
            ('/', '=') => TokenKind.SlashAssign,
            ('%', '=') => TokenKind.PercentAssign,
            _ => null,
        };
        if (two is not null)
        {
            return two;
        }

        length = 1;
        return c switch
        {
            '=' => TokenKind.Assign,
            '!' => TokenKind.Bang,
            '.' => TokenKind.Dot,
            '+' => TokenKind.Plus,
            '-' => TokenKind.Minus,
            '*' => TokenKind.Star,
            '/' => TokenKind.Slash,
            '<' => TokenKind.Less,
            '>' => TokenKind.Greater,
            '%' => TokenKind.Percent,
            '?' => TokenKind.Question,
            '|' => TokenKind.Bar,
            '{' => TokenKind.LeftBrace,
            '}' => TokenKind.RightBrace,
            '(' => TokenKind.LeftParen,
            ')' => TokenKind.RightParen,
            '[' => TokenKind.LeftBracket,
            ']' => TokenKind.RightBracket,
            ',' => TokenKind.Comma,
            ':' => TokenKind.Colon,
            ';' => TokenKind.Semicolon,
            '@' => TokenKind.At,
            _ => null,
        };
    }

    private void LexNumber(int start, int line, int column)
    {
        while (char.IsAsciiDigit(Current))
        {
            Advance();
        }

        if (Current == '.' && char.IsAsciiDigit(PeekAt(1)))
        {
            Advance();
            while (char.IsAsciiDigit(Current))
            {
                Advance();
            }

            string floatText = _source[start.._pos];
            double value = double.Parse(floatText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            _tokens.Add(new Token(TokenKind.Float, floatText, new Span(line, column, start, _pos)) { FloatValue = value });
            return;
        }

        int digitsEnd = _pos;
        long unit = DurationUnit(out int suffixLength);
        if (!long.TryParse(_source.AsSpan(start, digitsEnd - start), NumberStyles.None, CultureInfo.InvariantCulture, out long number))
        {
            throw new LexException($"Integer literal too large: {_source[start..digitsEnd]}", line, column);
        }

        if (unit == 0)
        {
            _tokens.Add(new Token(TokenKind.Int, _source[start.._pos], new Span(line, column, start, _pos)) { IntValue = number });
            return;
        }

        for (int i = 0; i < suffixLength; i++)
        {
            Advance();
        }

        long milliseconds;
        try
        {
            milliseconds = checked(number * unit);
        }
        catch (OverflowException)
        {
            throw new LexException($"Duration literal too large: {_source[start.._pos]}", line, column);
        }

        _tokens.Add(new Token(TokenKind.Duration, _source[start.._pos], new Span(line, column, start, _pos)) { IntValue = milliseconds });
    }

    /// <summary>The millisecond multiplier of a duration suffix at the current position, or 0 for none.</summary>
    private long DurationUnit(out int length)
    {
        length = 2;
        if (Current == 'm' && PeekAt(1) == 's' && !IsIdentifierChar(PeekAt(2)))
        {
            return 1;
        }

        length = 1;
        if (IsIdentifierChar(PeekAt(1)))
        {
            return 0;
        }

        return Current switch
        {
            's' => 1000,
            'm' => 60_000,
            'h' => 3_600_000,
            'd' => 86_400_000,
            'w' => 604_800_000,
            _ => 0,
        };
    }

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private void LexRawString(int start, int line, int column)
    {
        Advance();
        Advance();
        int contentStart = _pos;
        while (Current != '"')
        {
            if (AtEnd || Current == '\n')
            {
                throw new LexException("Unterminated raw string", line, column);
            }

            Advance();
        }

        string value = _source[contentStart.._pos];
        Advance();
        _tokens.Add(new Token(TokenKind.String, value, new Span(line, column, start, _pos)));
    }

    private void LexString(int start, int line, int column)
    {
        Advance();
        var segments = new List<StringSegment>();
        var text = new StringBuilder();
        int textLine = _line, textColumn = _column, textStart = _pos;
        while (true)
        {
            if (AtEnd || Current == '\n')
            {
                throw new LexException("Unterminated string", line, column);
            }

            char c = Current;
            if (c == '"')
            {
                Advance();
                break;
            }

            if (c == '\\')
            {
                Advance();
                if (AtEnd || Current == '\n')
                {
                    throw new LexException("Unterminated string", line, column);
                }

                AppendEscape(text, Current);
                Advance();
            }
            else if (c == '$' && PeekAt(1) == '{')
            {
                segments.Add(new StringSegment(false, text.ToString(), new Span(textLine, textColumn, textStart, _pos)));
                text.Clear();
                segments.Add(ScanInterpolation(line, column, multiLine: false, depth: 0));
                textLine = _line;
                textColumn = _column;
                textStart = _pos;
            }
            else
            {
                text.Append(c);
                Advance();
            }
        }

        var span = new Span(line, column, start, _pos);
        if (segments.Count == 0)
        {
            _tokens.Add(new Token(TokenKind.String, text.ToString(), span));
            return;
        }

        segments.Add(new StringSegment(false, text.ToString(), new Span(textLine, textColumn, textStart, _pos - 1)));
        _tokens.Add(new Token(TokenKind.InterpolatedString, _source[start.._pos], span) { Segments = RemoveEmptyText(segments) });
    }

    private static List<StringSegment> RemoveEmptyText(List<StringSegment> segments) =>
        segments.Where(s => s.IsExpression || s.Text.Length > 0).ToList();

    private static void AppendEscape(StringBuilder text, char escaped)
    {
        switch (escaped)
        {
            case 'n': text.Append('\n'); break;
            case 't': text.Append('\t'); break;
            case 'r': text.Append('\r'); break;
            case '\\': text.Append('\\'); break;
            case '"': text.Append('"'); break;
            case '$': text.Append('$'); break;
            default: text.Append('\\').Append(escaped); break;
        }
    }

    /// <summary>
    /// At `${`: finds the matching `}` (skipping nested braces and strings) and returns the
    /// expression's source range. The position ends after the `}`.
    /// </summary>
    private StringSegment ScanInterpolation(int stringLine, int stringColumn, bool multiLine, int depth)
    {
        if (depth >= MaxInterpolationDepth)
        {
            throw new LexException($"String interpolation nested too deeply (more than {MaxInterpolationDepth} levels)", _line, _column);
        }

        Advance();
        Advance();
        int exprStart = _pos, exprLine = _line, exprColumn = _column;
        int braces = 0;
        while (true)
        {
            if (AtEnd || (!multiLine && Current == '\n'))
            {
                throw new LexException(multiLine ? "Unterminated multi-line string" : "Unterminated string", stringLine, stringColumn);
            }

            char c = Current;
            if (c == '}' && braces == 0)
            {
                var segment = new StringSegment(true, _source[exprStart.._pos], new Span(exprLine, exprColumn, exprStart, _pos));
                Advance();
                return segment;
            }

            if (c == '{')
            {
                braces++;
                Advance();
            }
            else if (c == '}')
            {
                braces--;
                Advance();
            }
            else if (c == '"')
            {
                SkipNestedString(stringLine, stringColumn, depth + 1);
            }
            else if (c == '/' && PeekAt(1) == '*')
            {
                SkipBlockComment();
            }
            else
            {
                Advance();
            }
        }
    }

    /// <summary>Skips a string literal that appears inside an interpolation expression.</summary>
    private void SkipNestedString(int stringLine, int stringColumn, int depth)
    {
        bool triple = PeekAt(1) == '"' && PeekAt(2) == '"';
        int quotes = triple ? 3 : 1;
        for (int i = 0; i < quotes; i++)
        {
            Advance();
        }

        while (true)
        {
            if (AtEnd || (!triple && Current == '\n'))
            {
                throw new LexException("Unterminated string", stringLine, stringColumn);
            }

            if (triple ? Current == '"' && PeekAt(1) == '"' && PeekAt(2) == '"' : Current == '"')
            {
                for (int i = 0; i < quotes; i++)
                {
                    Advance();
                }

                return;
            }

            if (Current == '\\')
            {
                Advance();
                if (!AtEnd)
                {
                    Advance();
                }
            }
            else if (Current == '$' && PeekAt(1) == '{')
            {
                ScanInterpolation(stringLine, stringColumn, triple, depth);
            }
            else
            {
                Advance();
            }
        }
    }

    private void LexMultiLineString(int start, int line, int column)
    {
        Advance();
        Advance();
        Advance();

        // The raw body keeps escapes unprocessed and marks each interpolation with a placeholder,
        // so indentation is measured on the text as written.
        var raw = new StringBuilder();
        var interpolations = new List<StringSegment>();
        while (true)
        {
            if (AtEnd)
            {
                throw new LexException("Unterminated multi-line string", line, column);
            }

            char c = Current;
            if (c == '"' && PeekAt(1) == '"' && PeekAt(2) == '"')
            {
                Advance();
                Advance();
                Advance();
                break;
            }

            if (c == '\\' && PeekAt(1) != '\0')
            {
                raw.Append(c).Append(PeekAt(1));
                Advance();
                Advance();
            }
            else if (c == '$' && PeekAt(1) == '{')
            {
                interpolations.Add(ScanInterpolation(line, column, multiLine: true, depth: 0));
                raw.Append(Placeholder);
            }
            else
            {
                raw.Append(c);
                Advance();
            }
        }

        string body = Dedent(raw.ToString());
        var span = new Span(line, column, start, _pos);
        var segments = new List<StringSegment>();
        var text = new StringBuilder();
        int next = 0;
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (c == Placeholder)
            {
                segments.Add(new StringSegment(false, text.ToString(), span));
                text.Clear();
                segments.Add(interpolations[next++]);
            }
            else if (c == '\\' && i + 1 < body.Length)
            {
                AppendEscape(text, body[++i]);
            }
            else
            {
                text.Append(c);
            }
        }

        if (interpolations.Count == 0)
        {
            _tokens.Add(new Token(TokenKind.String, text.ToString(), span));
            return;
        }

        segments.Add(new StringSegment(false, text.ToString(), span));
        _tokens.Add(new Token(TokenKind.InterpolatedString, _source[start.._pos], span) { Segments = RemoveEmptyText(segments) });
    }

    /// <summary>
    /// Drops the newline right after the opening quotes and the whitespace-only last line, then
    /// removes the indentation common to all lines with content.
    /// </summary>
    private static string Dedent(string raw)
    {
        var lines = raw.Replace("\r\n", "\n").Split('\n').ToList();
        if (lines.Count > 1 && string.IsNullOrWhiteSpace(lines[0]))
        {
            lines.RemoveAt(0);
        }

        if (lines.Count > 1 && string.IsNullOrWhiteSpace(lines[^1]))
        {
            lines.RemoveAt(lines.Count - 1);
        }

        int indent = int.MaxValue;
        foreach (string l in lines)
        {
            if (!string.IsNullOrWhiteSpace(l))
            {
                indent = Math.Min(indent, l.Length - l.TrimStart(' ', '\t').Length);
            }
        }

        if (indent == int.MaxValue)
        {
            indent = 0;
        }

        for (int i = 0; i < lines.Count; i++)
        {
            string l = lines[i];
            lines[i] = string.IsNullOrWhiteSpace(l) ? (l.Length > indent ? l[indent..] : "") : l[indent..];
        }

        return string.Join('\n', lines);
    }

    private void Add(TokenKind kind, string text, int start, int line, int column) =>
        _tokens.Add(new Token(kind, text, new Span(line, column, start, _pos)));

    private sealed class LexException(string message, int line, int column) : Exception(message)
    {
        public int Line { get; } = line;

        public int Column { get; } = column;
    }
}

/// <summary>The tokens of a source text and the lexical error, if any (lexing stops at the first).</summary>
public sealed record LexResult(IReadOnlyList<Token> Tokens, IReadOnlyList<HarnDiagnostic> Diagnostics);
