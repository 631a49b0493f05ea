using Harn.Runtime;

namespace Harn.Stdlib.Templates;

/// <summary>
/// Parses template text into nodes: <c>{{ expr }}</c>, <c>if/elif/else/end</c>, <c>for/else/end</c>,
/// <c>include … with …</c>, <c>{{# comments #}}</c>, <c>{{ raw }}…{{ endraw }}</c> and the
/// <c>{{-</c>/<c>-}}</c> trim markers (whitespace plus one newline on that side).
/// </summary>
internal sealed class TemplateParser
{
    private readonly string _text;
    private readonly string _name;
    private readonly List<Token> _tokens = new();
    private int _next;
    private int _blockDepth;
    private int _positionOffset;
    private int _positionLine = 1;
    private int _positionColumn = 1;

    private TemplateParser(string text, string name)
    {
        _text = text;
        _name = name;
    }

    public static IReadOnlyList<TemplateNode> Parse(string text, string name)
    {
        var parser = new TemplateParser(text, name);
        parser.Tokenize();
        var nodes = parser.ParseBlock(out var terminator);
        return terminator is null ? nodes : throw parser.Error(terminator, $"unexpected `{terminator.Keyword}`");
    }

    /// <summary>A run of text or a directive, with its position.</summary>
    private sealed record Token(string? Text, string Directive, string Source, int Line, int Column)
    {
        public string Keyword => Directive.Split(' ', 2)[0];

        public string Rest => Directive.Contains(' ', StringComparison.Ordinal) ? Directive.Split(' ', 2)[1].Trim() : string.Empty;
    }

    private Exception Error(Token token, string problem) => TemplateError.At(_name, token.Line, token.Column, problem);

    /// <summary>
    /// Line and column of <paramref name="offset"/>. Offsets are asked for in increasing order,
    /// so counting resumes where the previous call stopped (linear over the whole text).
    /// </summary>
    private (int Line, int Column) PositionOf(int offset)
    {
        for (; _positionOffset < offset; _positionOffset++)
        {
            if (_text[_positionOffset] == '\n')
            {
                _positionLine++;
                _positionColumn = 1;
            }
            else
            {
                _positionColumn++;
            }
        }

        return (_positionLine, _positionColumn);
    }

    private void Tokenize()
    {
        var position = 0;
        var trimNext = false;
        while (position < _text.Length)
        {
            var open = _text.IndexOf("{{", position, StringComparison.Ordinal);
            var text = open < 0 ? _text[position..] : _text[position..open];
            if (trimNext)
            {
                text = TrimStartOneLine(text);
                trimNext = false;
            }

            if (open < 0)
            {
                AddText(text);
                break;
            }

            var (line, column) = PositionOf(open);
            if (string.CompareOrdinal(_text, open, "{{#", 0, 3) == 0)
            {
                var closeComment = _text.IndexOf("#}}", open + 3, StringComparison.Ordinal);
                if (closeComment < 0)
                {
                    throw TemplateError.At(_name, line, column, "unterminated comment");
                }

                AddText(text);
                position = closeComment + 3;
                continue;
            }

            var close = _text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw TemplateError.At(_name, line, column, "unterminated directive");
            }

            var inner = _text[(open + 2)..close];
            if (inner.StartsWith('-'))
            {
                text = TrimEndOneLine(text);
                inner = inner[1..];
            }

            if (inner.EndsWith('-'))
            {
                trimNext = true;
                inner = inner[..^1];
            }

            AddText(text);
            var directive = string.Join(' ', inner.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            position = close + 2;
            if (directive == "raw")
            {
                position = ReadRaw(position, line, column);
                continue;
            }

            _tokens.Add(new Token(null, directive, _text[open..(close + 2)], line, column));
        }
    }

    /// <summary>Adds everything up to the matching <c>{{ endraw }}</c> as text; returns the offset after it.</summary>
    private int ReadRaw(int start, int line, int column)
    {
        var search = start;
        while (true)
        {
            var open = _text.IndexOf("{{", search, StringComparison.Ordinal);
            var close = open < 0 ? -1 : _text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw TemplateError.At(_name, line, column, "unterminated `{{ raw }}` block");
            }

            if (_text[(open + 2)..close].Trim().Trim('-').Trim() == "endraw")
            {
                AddText(_text[start..open]);
                return close + 2;
            }

            search = open + 2;
        }
    }

    private void AddText(string text)
    {
        if (text.Length > 0)
        {
            _tokens.Add(new Token(text, string.Empty, text, 0, 0));
        }
    }

    private static string TrimEndOneLine(string text)
    {
        var end = text.Length;
        while (end > 0 && text[end - 1] is ' ' or '\t')
        {
            end--;
        }

        if (end > 0 && text[end - 1] == '\n')
        {
            end--;
            if (end > 0 && text[end - 1] == '\r')
            {
                end--;
            }
        }

        return text[..end];
    }

    private static string TrimStartOneLine(string text)
    {
        var start = 0;
        while (start < text.Length && text[start] is ' ' or '\t')
        {
            start++;
        }

        if (start < text.Length && text[start] == '\r')
        {
            start++;
        }

        if (start < text.Length && text[start] == '\n')
        {
            start++;
        }

        return text[start..];
    }

    /// <summary>Nodes up to a block keyword (<c>elif else end</c>), which is returned in <paramref name="terminator"/>.</summary>
    private List<TemplateNode> ParseBlock(out Token? terminator)
    {
        if (++_blockDepth > NestingLimit.MaxDepth)
        {
            throw TemplateError.At(_name, 1, 1, "blocks nested too deeply");
        }

        try
        {
            return ParseBlockUnguarded(out terminator);
        }
        finally
        {
            _blockDepth--;
        }
    }

    private List<TemplateNode> ParseBlockUnguarded(out Token? terminator)
    {
        var nodes = new List<TemplateNode>();
        while (_next < _tokens.Count)
        {
            var token = _tokens[_next++];
            if (token.Text is not null)
            {
                nodes.Add(new TextNode(token.Text));
                continue;
            }

            switch (token.Keyword)
            {
                case "elif" or "else" or "end" or "endif" or "endfor":
                    terminator = token;
                    return nodes;
                case "if":
                    nodes.Add(ParseIf(token));
                    break;
                case "for":
                    nodes.Add(ParseFor(token));
                    break;
                case "include":
                    nodes.Add(ParseInclude(token));
                    break;
                case "":
                    throw Error(token, "empty directive");
                default:
                    nodes.Add(new OutputNode(Expression(token, token.Directive), token.Source, token.Line, token.Column));
                    break;
            }
        }

        terminator = null;
        return nodes;
    }

    private TemplateExpression Expression(Token token, string text) => TemplateExpression.Parse(text, _name, token.Line, token.Column);

    private IfNode ParseIf(Token start)
    {
        var branches = new List<(TemplateExpression, IReadOnlyList<TemplateNode>)>();
        var condition = Expression(start, start.Rest);
        while (true)
        {
            var body = ParseBlock(out var terminator);
            branches.Add((condition, body));
            switch (terminator?.Keyword)
            {
                case "elif":
                    condition = Expression(terminator, terminator.Rest);
                    continue;
                case "else":
                    {
                        var otherwise = ParseBlock(out var end);
                        return end?.Keyword is "end" or "endif" ? new IfNode(branches, otherwise) : throw Error(start, "unterminated `if` block");
                    }

                case "end" or "endif":
                    return new IfNode(branches, null);
                default:
                    throw Error(start, "unterminated `if` block");
            }
        }
    }

    private ForNode ParseFor(Token start)
    {
        var rest = start.Rest;
        var inIndex = rest.IndexOf(" in ", StringComparison.Ordinal);
        if (inIndex < 0)
        {
            throw Error(start, "expected `for <name> in <expr>`");
        }

        var names = rest[..inIndex].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length is < 1 or > 2)
        {
            throw Error(start, "expected one or two loop variables");
        }

        var source = Expression(start, rest[(inIndex + 4)..]);
        var body = ParseBlock(out var terminator);
        IReadOnlyList<TemplateNode>? otherwise = null;
        if (terminator?.Keyword == "else")
        {
            otherwise = ParseBlock(out terminator);
        }

        if (terminator?.Keyword is not ("end" or "endfor"))
        {
            throw Error(start, "unterminated `for` block");
        }

        return names.Length == 2
            ? new ForNode(names[0], names[1], source, body, otherwise, start.Line, start.Column)
            : new ForNode(null, names[0], source, body, otherwise, start.Line, start.Column);
    }

    private IncludeNode ParseInclude(Token token)
    {
        var rest = token.Rest;
        var with = rest.IndexOf(" with ", StringComparison.Ordinal);
        return with < 0
            ? new IncludeNode(Expression(token, rest), null, token.Line, token.Column)
            : new IncludeNode(Expression(token, rest[..with]), Expression(token, rest[(with + 6)..]), token.Line, token.Column);
    }
}
