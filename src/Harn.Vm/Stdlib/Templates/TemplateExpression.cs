using System.Globalization;
using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Templates;

/// <summary>
/// A template expression: literals, paths (<c>a.b[0]["k"]</c>), <c>not</c>/<c>!</c>, comparisons,
/// <c>and</c>/<c>or</c> (short-circuit), parentheses, dict literals and filter pipelines.
/// </summary>
internal abstract class TemplateExpression
{
    /// <summary>The value; a missing variable or path reads as nil.</summary>
    public abstract Value Evaluate(TemplateScope scope);

    /// <summary>The name when this is a bare identifier (no dots, indexes or filters).</summary>
    public virtual string? BareName => null;

    /// <summary>Template truthiness: like Harn's, but a whitespace-only string is false.</summary>
    public static bool IsTruthy(Value value) =>
        value.Kind == ValueKind.String ? !string.IsNullOrWhiteSpace(value.AsString) : Truthiness.IsTruthy(value);

    public static TemplateExpression Parse(string text, string template, int line, int column) =>
        new ExpressionParser(text, template, line, column).ParseAll();

    private sealed class Literal(Value value) : TemplateExpression
    {
        public override Value Evaluate(TemplateScope scope) => value;
    }

    private sealed class PathExpression(string root, IReadOnlyList<TemplateExpression> segments) : TemplateExpression
    {
        public override string? BareName => segments.Count == 0 ? root : null;

        public override Value Evaluate(TemplateScope scope)
        {
            if (!scope.TryGet(root, out var current))
            {
                return Value.Nil;
            }

            foreach (var segment in segments)
            {
                var key = segment.Evaluate(scope);
                current = current.Kind switch
                {
                    ValueKind.Dict => current.AsDict.Get(ValueAccess.DictKey(key)),
                    ValueKind.Struct when key.Kind == ValueKind.String => current.As<HarnStruct>().Get(key.AsString),
                    ValueKind.List or ValueKind.String when key.Kind == ValueKind.Int => ValueAccess.Index(current, key),
                    ValueKind.List or ValueKind.String or ValueKind.EnumVariant or ValueKind.Pair or ValueKind.Set or ValueKind.Range when key.Kind == ValueKind.String
                        => PropertyAccess.Get(current, key.AsString, optional: true),
                    _ => Value.Nil,
                };
            }

            return current;
        }
    }

    private sealed class Not(TemplateExpression operand) : TemplateExpression
    {
        public override Value Evaluate(TemplateScope scope) => Value.FromBool(!IsTruthy(operand.Evaluate(scope)));
    }

    private sealed class Logical(bool isAnd, TemplateExpression left, TemplateExpression right) : TemplateExpression
    {
        public override Value Evaluate(TemplateScope scope)
        {
            var first = IsTruthy(left.Evaluate(scope));
            return Value.FromBool(isAnd ? first && IsTruthy(right.Evaluate(scope)) : first || IsTruthy(right.Evaluate(scope)));
        }
    }

    private sealed class Comparison(string op, TemplateExpression left, TemplateExpression right) : TemplateExpression
    {
        public override Value Evaluate(TemplateScope scope)
        {
            var a = left.Evaluate(scope);
            var b = right.Evaluate(scope);
            return Value.FromBool(op switch
            {
                "==" => ValueEquality.AreEqual(a, b),
                "!=" => !ValueEquality.AreEqual(a, b),
                "<" => ValueComparer.Less(a, b),
                "<=" => ValueComparer.LessOrEqual(a, b),
                ">" => ValueComparer.Greater(a, b),
                _ => ValueComparer.GreaterOrEqual(a, b),
            });
        }
    }

    private sealed class DictLiteral(IReadOnlyList<(string Key, TemplateExpression Value)> entries) : TemplateExpression
    {
        public override Value Evaluate(TemplateScope scope)
        {
            var dict = HarnDict.Empty;
            foreach (var (key, value) in entries)
            {
                dict = dict.With(key, value.Evaluate(scope));
            }

            return Value.FromDict(dict);
        }
    }

    private sealed class FilterCall(TemplateExpression input, string name, IReadOnlyList<TemplateExpression> arguments, string template, int line, int column) : TemplateExpression
    {
        public override Value Evaluate(TemplateScope scope)
        {
            var args = arguments.Select(a => a.Evaluate(scope)).ToArray();
            return TemplateFilters.Apply(name, input.Evaluate(scope), args)
                ?? throw TemplateError.At(template, line, column, $"unknown filter `{name}`");
        }
    }

    /// <summary>Recursive descent over one directive's text.</summary>
    private sealed class ExpressionParser(string text, string template, int line, int column)
    {
        private int _position;
        private int _depth;

        public TemplateExpression ParseAll()
        {
            var expression = ParseFilters();
            SkipSpace();
            return _position < text.Length ? throw Error($"unexpected `{text[_position]}` in expression") : expression;
        }

        private HarnRuntimeException Error(string problem) => TemplateError.At(template, line, column, problem);

        private void SkipSpace()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
        }

        private bool Accept(string token)
        {
            SkipSpace();
            if (string.CompareOrdinal(text, _position, token, 0, token.Length) != 0)
            {
                return false;
            }

            var end = _position + token.Length;
            if (char.IsLetter(token[^1]) && end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
            {
                return false;
            }

            // `|` starts a filter but `||` is logical or.
            if (token == "|" && end < text.Length && text[end] == '|')
            {
                return false;
            }

            _position = end;
            return true;
        }

        private TemplateExpression ParseFilters()
        {
            if (++_depth > NestingLimit.MaxDepth)
            {
                throw Error("expression nested too deeply");
            }

            var expression = ParseOr();
            while (Accept("|"))
            {
                var name = ParseIdentifier();
                var arguments = new List<TemplateExpression>();
                if (Accept(":"))
                {
                    do
                    {
                        arguments.Add(ParseOr());
                    }
                    while (Accept(","));
                }

                expression = new FilterCall(expression, name, arguments, template, line, column);
            }

            _depth--;
            return expression;
        }

        private TemplateExpression ParseOr()
        {
            var left = ParseAnd();
            while (Accept("or") || Accept("||"))
            {
                left = new Logical(isAnd: false, left, ParseAnd());
            }

            return left;
        }

        private TemplateExpression ParseAnd()
        {
            var left = ParseNot();
            while (Accept("and") || Accept("&&"))
            {
                left = new Logical(isAnd: true, left, ParseNot());
            }

            return left;
        }

        private TemplateExpression ParseNot()
        {
            var negations = 0;
            while (Accept("not") || (!LooksAt("!=") && Accept("!")))
            {
                negations++;
            }

            // A run of negations folds to one (odd) or to a truth test (even), so a long run
            // cannot build a tree deep enough to exhaust the stack when evaluated.
            var operand = ParseComparison();
            return negations == 0 ? operand
                : negations % 2 == 1 ? new Not(operand)
                : new Not(new Not(operand));
        }

        private bool LooksAt(string token)
        {
            SkipSpace();
            return string.CompareOrdinal(text, _position, token, 0, token.Length) == 0;
        }

        private TemplateExpression ParseComparison()
        {
            var left = ParsePrimary();
            foreach (var op in new[] { "==", "!=", "<=", ">=", "<", ">" })
            {
                if (Accept(op))
                {
                    return new Comparison(op, left, ParsePrimary());
                }
            }

            return left;
        }

        private TemplateExpression ParsePrimary()
        {
            // Dict literals and indexes nest through here without passing ParseFilters.
            if (_depth > NestingLimit.MaxDepth)
            {
                throw Error("expression nested too deeply");
            }

            SkipSpace();
            if (_position >= text.Length)
            {
                throw Error("expected an expression");
            }

            var c = text[_position];
            if (c == '(')
            {
                _position++;
                var inner = ParseFilters();
                return Accept(")") ? inner : throw Error("expected `)`");
            }

            if (c == '{')
            {
                return ParseDict();
            }

            if (c is '"' or '\'')
            {
                return new Literal(Value.FromString(ParseString()));
            }

            if (char.IsDigit(c) || (c == '-' && _position + 1 < text.Length && char.IsDigit(text[_position + 1])))
            {
                return new Literal(ParseNumber());
            }

            var name = ParseIdentifier();
            switch (name)
            {
                case "true":
                    return new Literal(Value.True);
                case "false":
                    return new Literal(Value.False);
                case "nil" or "null":
                    return new Literal(Value.Nil);
            }

            var segments = new List<TemplateExpression>();
            while (true)
            {
                if (_position < text.Length && text[_position] == '.')
                {
                    _position++;
                    segments.Add(new Literal(Value.FromString(ParseIdentifier())));
                }
                else if (_position < text.Length && text[_position] == '[')
                {
                    _position++;
                    segments.Add(ParseFilters());
                    if (!Accept("]"))
                    {
                        throw Error("expected `]`");
                    }
                }
                else
                {
                    return new PathExpression(name, segments);
                }
            }
        }

        private TemplateExpression ParseDict()
        {
            _position++;
            _depth++;
            var entries = new List<(string, TemplateExpression)>();
            while (!Accept("}"))
            {
                SkipSpace();
                var key = _position < text.Length && text[_position] is '"' or '\'' ? ParseString() : ParseIdentifier();
                if (!Accept(":"))
                {
                    throw Error("expected `:` in dict literal");
                }

                entries.Add((key, ParseOr()));
                if (!Accept(",") && !LooksAt("}"))
                {
                    throw Error("expected `,` or `}` in dict literal");
                }
            }

            _depth--;
            return new DictLiteral(entries);
        }

        private string ParseIdentifier()
        {
            SkipSpace();
            var start = _position;
            while (_position < text.Length && (char.IsLetterOrDigit(text[_position]) || text[_position] == '_'))
            {
                _position++;
            }

            return start == _position ? throw Error("expected a name") : text[start.._position];
        }

        private string ParseString()
        {
            var quote = text[_position++];
            var builder = new StringBuilder();
            while (_position < text.Length && text[_position] != quote)
            {
                var c = text[_position++];
                if (c == '\\' && _position < text.Length)
                {
                    c = text[_position++] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other };
                }

                builder.Append(c);
            }

            if (_position >= text.Length)
            {
                throw Error("unterminated string");
            }

            _position++;
            return builder.ToString();
        }

        private Value ParseNumber()
        {
            var start = _position++;
            while (_position < text.Length && (char.IsDigit(text[_position]) || text[_position] == '.'))
            {
                _position++;
            }

            var number = text[start.._position];
            return long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
                ? Value.FromInt(integer)
                : Value.FromFloat(double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture));
        }
    }
}
