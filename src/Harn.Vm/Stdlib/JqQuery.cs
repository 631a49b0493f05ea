using System.Globalization;
using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>
/// The jq subset behind <c>jq</c>/<c>jq_first</c>: identity, <c>.a</c>, <c>.["k"]</c>, <c>[i]</c>,
/// <c>[a:b]</c>, <c>[]</c>, <c>..</c>, pipes, commas, <c>length keys values type map select not</c>,
/// comparisons, <c>and</c>/<c>or</c>, literals and object construction. A query compiles to a
/// filter from one input value to a stream of outputs.
/// </summary>
internal sealed class JqQuery
{
    private delegate IEnumerable<Value> Filter(Value input);

    private readonly string _text;
    private readonly Filter _filter;
    private int _position;
    private int _depth;
    private int _termDepth;

    private JqQuery(string text)
    {
        _text = text;
        _filter = ParsePipe();
        SkipSpace();
        if (_position < _text.Length)
        {
            throw Error($"unexpected '{_text[_position]}'");
        }
    }

    public static List<Value> Run(Value input, string query) => new JqQuery(query)._filter(input).ToList();

    private HarnRuntimeException Error(string detail) => RuntimeErrors.Runtime($"jq: {detail} in '{_text}' at {_position}");

    private void SkipSpace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private bool Accept(string token)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _position, token, 0, token.Length) != 0)
        {
            return false;
        }

        // Keywords must not run into an identifier.
        var end = _position + token.Length;
        if (char.IsLetter(token[^1]) && end < _text.Length && (char.IsLetterOrDigit(_text[end]) || _text[end] == '_'))
        {
            return false;
        }

        _position = end;
        return true;
    }

    private void Expect(string token)
    {
        if (!Accept(token))
        {
            throw Error($"expected '{token}'");
        }
    }

    private Filter ParsePipe()
    {
        if (++_depth > NestingLimit.MaxDepth)
        {
            throw Error("query nested too deeply");
        }

        var left = ParseComma();
        while (Accept("|"))
        {
            var first = left;
            var second = ParseComma();
            left = input => first(input).SelectMany(x => second(x));
        }

        _depth--;
        return left;
    }

    private Filter ParseComma()
    {
        var left = ParseOr();
        while (Accept(","))
        {
            var first = left;
            var second = ParseOr();
            left = input => first(input).Concat(second(input));
        }

        return left;
    }

    private Filter ParseOr()
    {
        var left = ParseAnd();
        while (Accept("or"))
        {
            var first = left;
            var second = ParseAnd();
            left = input => ShortCircuit(first(input), second, input, stopOn: true);
        }

        return left;
    }

    private Filter ParseAnd()
    {
        var left = ParseComparison();
        while (Accept("and"))
        {
            var first = left;
            var second = ParseComparison();
            left = input => ShortCircuit(first(input), second, input, stopOn: false);
        }

        return left;
    }

    /// <summary><c>and</c>/<c>or</c>: the right side runs only when the left does not decide (<paramref name="stopOn"/>).</summary>
    private static IEnumerable<Value> ShortCircuit(IEnumerable<Value> lefts, Filter right, Value input, bool stopOn)
    {
        foreach (var left in lefts)
        {
            if (Truthiness.IsTruthy(left) == stopOn)
            {
                yield return Value.FromBool(stopOn);
                continue;
            }

            foreach (var value in right(input))
            {
                yield return Value.FromBool(Truthiness.IsTruthy(value));
            }
        }
    }

    private Filter ParseComparison()
    {
        var left = ParsePostfix();
        foreach (var op in new[] { "==", "!=", "<=", ">=", "<", ">" })
        {
            if (Accept(op))
            {
                var first = left;
                var second = ParsePostfix();
                return input => from a in first(input) from b in second(input) select Value.FromBool(Compare(op, a, b));
            }
        }

        return left;
    }

    private static bool Compare(string op, Value a, Value b) => op switch
    {
        "==" => ValueEquality.AreEqual(a, b),
        "!=" => !ValueEquality.AreEqual(a, b),
        "<" => ValueComparer.Less(a, b),
        ">" => ValueComparer.Greater(a, b),
        "<=" => ValueComparer.LessOrEqual(a, b),
        _ => ValueComparer.GreaterOrEqual(a, b),
    };

    private Filter ParsePostfix()
    {
        var term = ParseTerm();
        while (true)
        {
            SkipSpace();
            if (_position < _text.Length && _text[_position] == '[')
            {
                term = Chain(term, ParseBracket());
            }
            else if (_position + 1 < _text.Length && _text[_position] == '.' && _text[_position + 1] != '.')
            {
                _position++;
                term = Chain(term, ParseFieldAfterDot());
            }
            else
            {
                return term;
            }
        }
    }

    private static Filter Chain(Filter first, Filter second) => input => first(input).SelectMany(x => second(x));

    private Filter ParseTerm()
    {
        // Every nested construct (parentheses, objects, `not`, brackets) passes through here.
        if (_depth + _termDepth++ > NestingLimit.MaxDepth)
        {
            throw Error("query nested too deeply");
        }

        try
        {
            return ParseTermUnguarded();
        }
        finally
        {
            _termDepth--;
        }
    }

    private Filter ParseTermUnguarded()
    {
        SkipSpace();
        if (_position >= _text.Length)
        {
            throw Error("unexpected end of query");
        }

        var c = _text[_position];
        if (Accept(".."))
        {
            return Recurse;
        }

        if (c == '.')
        {
            _position++;
            SkipSpace();
            if (_position < _text.Length && (_text[_position] == '[' || _text[_position] == '"' || IsIdentifierStart(_text[_position])))
            {
                return _text[_position] == '[' ? ParseBracket() : ParseFieldAfterDot();
            }

            return input => [input];
        }

        if (c == '(')
        {
            _position++;
            var inner = ParsePipe();
            Expect(")");
            return inner;
        }

        if (c == '{')
        {
            return ParseObject();
        }

        if (c == '"')
        {
            var text = Value.FromString(ParseString());
            return _ => [text];
        }

        if (char.IsDigit(c) || (c == '-' && _position + 1 < _text.Length && char.IsDigit(_text[_position + 1])))
        {
            var number = ParseNumber();
            return _ => [number];
        }

        if (Accept("not"))
        {
            SkipSpace();
            if (_position < _text.Length && !IsTerminator(_text[_position]))
            {
                var operand = ParsePostfix();
                return input => operand(input).Select(v => Value.FromBool(!Truthiness.IsTruthy(v)));
            }

            return input => [Value.FromBool(!Truthiness.IsTruthy(input))];
        }

        return ParseFunction();
    }

    private static bool IsTerminator(char c) => c is '|' or ',' or ')' or ']' or '}';

    private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

    private string ParseIdentifier()
    {
        SkipSpace();
        var start = _position;
        while (_position < _text.Length && (char.IsLetterOrDigit(_text[_position]) || _text[_position] == '_'))
        {
            _position++;
        }

        return start == _position ? throw Error("expected a name") : _text[start.._position];
    }

    private Filter ParseFieldAfterDot()
    {
        var name = _text[_position] == '"' ? ParseString() : ParseIdentifier();
        return input => [Field(input, name)];
    }

    private static Value Field(Value input, string name) => input.Kind switch
    {
        ValueKind.Dict => input.AsDict.Get(name),
        ValueKind.Struct => input.As<HarnStruct>().Get(name),
        ValueKind.Nil => Value.Nil,
        _ => throw RuntimeErrors.Runtime($"jq: cannot index {TypeNames.Of(input)} with \"{name}\""),
    };

    /// <summary><c>[]</c>, <c>[i]</c>, <c>["key"]</c> or <c>[a:b]</c>.</summary>
    private Filter ParseBracket()
    {
        Expect("[");
        if (Accept("]"))
        {
            return Iterate;
        }

        var from = Accept(":") ? null : ParsePipe();
        if (from is not null && !Accept(":"))
        {
            Expect("]");
            return input => from(input).Select(key => key.Kind == ValueKind.String ? Field(input, key.AsString) : ValueAccess.Index(input.IsNil ? Value.FromList(HarnList.Empty) : input, key));
        }

        var to = Accept("]") ? null : ParsePipe();
        if (to is not null)
        {
            Expect("]");
        }

        return input =>
        {
            var start = from is null ? Value.Nil : from(input).FirstOrDefault();
            var end = to is null ? Value.Nil : to(input).FirstOrDefault();
            return [ValueAccess.Slice(input, start, end)];
        };
    }

    private static IEnumerable<Value> Iterate(Value input) => input.Kind switch
    {
        ValueKind.List => input.AsList,
        ValueKind.Dict => input.AsDict.Values.ToArray(),
        _ => throw RuntimeErrors.Runtime($"jq: cannot iterate over {TypeNames.Of(input)}"),
    };

    private static IEnumerable<Value> Recurse(Value input)
    {
        var pending = new Stack<Value>();
        pending.Push(input);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            yield return current;
            var children = current.Kind switch
            {
                ValueKind.List => current.AsList.AsSpan().ToArray(),
                ValueKind.Dict => current.AsDict.Values.ToArray(),
                _ => [],
            };
            for (var i = children.Length - 1; i >= 0; i--)
            {
                pending.Push(children[i]);
            }
        }
    }

    private Filter ParseObject()
    {
        Expect("{");
        var fields = new List<(string Key, Filter Value)>();
        while (!Accept("}"))
        {
            SkipSpace();
            var key = _position < _text.Length && _text[_position] == '"' ? ParseString() : ParseIdentifier();
            Filter value = Accept(":") ? ParseOr() : input => [Field(input, key)];
            fields.Add((key, value));
            if (!Accept(","))
            {
                Expect("}");
                break;
            }
        }

        return input =>
        {
            var dict = HarnDict.Empty;
            foreach (var (key, value) in fields)
            {
                dict = dict.With(key, value(input).FirstOrDefault());
            }

            return [Value.FromDict(dict)];
        };
    }

    private Filter ParseFunction()
    {
        var name = ParseIdentifier();
        switch (name)
        {
            case "true":
                return _ => [Value.True];
            case "false":
                return _ => [Value.False];
            case "null":
                return _ => [Value.Nil];
            case "length":
                return input => [Value.FromInt(input.IsNil ? 0 : Core.Length(input))];
            case "keys":
                return input => [input.Kind == ValueKind.Dict ? Value.FromList(DictMethods.Keys(input.AsDict)) : Value.FromList(HarnList.Create(Enumerable.Range(0, (int)Core.Length(input)).Select(i => Value.FromInt(i))))];
            case "values":
                return input => [input.Kind == ValueKind.Dict ? Value.FromList(HarnList.Create(input.AsDict.Values)) : input];
            case "type":
                return input => [Value.FromString(JsonTypeName(input))];
            case "not":
                return input => [Value.FromBool(!Truthiness.IsTruthy(input))];
            case "map" or "select":
                {
                    Expect("(");
                    var argument = ParsePipe();
                    Expect(")");
                    return name == "map"
                        ? input => [Value.FromList(HarnList.Create(Iterate(input).SelectMany(x => argument(x))))]
                        : input => argument(input).Any(Truthiness.IsTruthy) ? [input] : [];
                }

            default:
                throw Error($"unknown function '{name}'");
        }
    }

    private static string JsonTypeName(Value value) => value.Kind switch
    {
        ValueKind.Dict or ValueKind.Struct => "object",
        ValueKind.List => "array",
        ValueKind.String => "string",
        ValueKind.Int or ValueKind.Float => "number",
        ValueKind.Bool => "boolean",
        ValueKind.Nil => "null",
        _ => TypeNames.Of(value),
    };

    private string ParseString()
    {
        Expect("\"");
        var builder = new StringBuilder();
        while (_position < _text.Length && _text[_position] != '"')
        {
            var c = _text[_position++];
            if (c == '\\' && _position < _text.Length)
            {
                var escaped = _text[_position++];
                builder.Append(escaped switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => escaped });
            }
            else
            {
                builder.Append(c);
            }
        }

        Expect("\"");
        return builder.ToString();
    }

    private Value ParseNumber()
    {
        var start = _position;
        _position++;
        while (_position < _text.Length && (char.IsDigit(_text[_position]) || _text[_position] is '.' or 'e' or 'E'))
        {
            _position++;
        }

        var text = _text[start.._position];
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
            ? Value.FromInt(integer)
            : Value.FromFloat(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }
}
