using System.Globalization;
using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Llm;

/// <summary>
/// Text-mode tool calls inside <c>&lt;tool_call&gt;...&lt;/tool_call&gt;</c> blocks: either
/// <c>name({ key: value, ... })</c> with TypeScript-literal arguments (unquoted keys, single,
/// double or backtick strings, trailing commas, <c>&lt;&lt;TAG</c> heredocs) or a JSON object
/// <c>{"name": ..., "arguments": {...}}</c>.
/// </summary>
internal static class TextToolCalls
{
    private const string Open = "<tool_call>";
    private const string Close = "</tool_call>";
    private const int MaxDepth = 64;

    public static List<(string Name, Value Arguments)> Parse(string text)
    {
        var calls = new List<(string, Value)>();
        var at = 0;
        while ((at = text.IndexOf(Open, at, StringComparison.Ordinal)) >= 0)
        {
            var start = at + Open.Length;
            var end = text.IndexOf(Close, start, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }

            at = end + Close.Length;
            if (ParseOne(text[start..end].Trim()) is { } call)
            {
                calls.Add(call);
            }
        }

        return calls;
    }

    private static (string, Value)? ParseOne(string body)
    {
        if (body.StartsWith('{'))
        {
            return JsonConversion.TryParse(body, out var json) && json.Kind == ValueKind.Dict && json.AsDict.Get("name") is { Kind: ValueKind.String } name
                ? (name.AsString, json.AsDict.Get("arguments") is { Kind: ValueKind.Dict } arguments ? arguments : Value.FromDict(HarnDict.Empty))
                : null;
        }

        var paren = body.IndexOf('(', StringComparison.Ordinal);
        if (paren <= 0 || !body.EndsWith(')'))
        {
            return null;
        }

        var callee = body[..paren].Trim();
        if (callee.Length == 0 || !callee.All(c => char.IsLetterOrDigit(c) || c is '_' or '.' or ':' or '-'))
        {
            return null;
        }

        var reader = new LiteralReader(body[(paren + 1)..^1]);
        reader.SkipSpace();
        if (reader.AtEnd)
        {
            return (callee, Value.FromDict(HarnDict.Empty));
        }

        try
        {
            var value = reader.ReadValue(0);
            reader.SkipSpace();
            return reader.AtEnd && value.Kind == ValueKind.Dict ? (callee, value) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private sealed class LiteralReader(string text)
    {
        private int _at;

        public bool AtEnd => _at >= text.Length;

        public void SkipSpace()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at]))
            {
                _at++;
            }
        }

        public Value ReadValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw new FormatException("nested too deeply");
            }

            SkipSpace();
            if (AtEnd)
            {
                throw new FormatException("unexpected end");
            }

            var c = text[_at];
            return c switch
            {
                '{' => ReadObject(depth),
                '[' => ReadArray(depth),
                '"' or '\'' or '`' => Value.FromString(ReadQuoted()),
                '<' when text.AsSpan(_at).StartsWith("<<") => Value.FromString(ReadHeredoc()),
                _ => ReadBare(),
            };
        }

        private Value ReadObject(int depth)
        {
            _at++;
            var dict = HarnDict.Empty;
            while (true)
            {
                SkipSpace();
                if (AtEnd)
                {
                    throw new FormatException("unclosed object");
                }

                if (text[_at] == '}')
                {
                    _at++;
                    return Value.FromDict(dict);
                }

                var key = text[_at] is '"' or '\'' or '`' ? ReadQuoted() : ReadIdentifier();
                SkipSpace();
                Expect(':');
                dict = dict.With(key, ReadValue(depth + 1));
                SkipSpace();
                if (!AtEnd && text[_at] == ',')
                {
                    _at++;
                }
            }
        }

        private Value ReadArray(int depth)
        {
            _at++;
            var items = new List<Value>();
            while (true)
            {
                SkipSpace();
                if (AtEnd)
                {
                    throw new FormatException("unclosed array");
                }

                if (text[_at] == ']')
                {
                    _at++;
                    return Value.FromList(HarnList.Create(items));
                }

                items.Add(ReadValue(depth + 1));
                SkipSpace();
                if (!AtEnd && text[_at] == ',')
                {
                    _at++;
                }
            }
        }

        private string ReadQuoted()
        {
            var quote = text[_at++];
            var builder = new StringBuilder();
            while (!AtEnd && text[_at] != quote)
            {
                var c = text[_at++];
                if (c != '\\' || AtEnd)
                {
                    builder.Append(c);
                    continue;
                }

                var escaped = text[_at++];
                builder.Append(escaped switch
                {
                    'n' => "\n",
                    't' => "\t",
                    'r' => "\r",
                    'u' when _at + 4 <= text.Length => ((char)int.Parse(text.AsSpan(_at, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString(),
                    _ => escaped.ToString(),
                });
                if (escaped == 'u' && _at + 4 <= text.Length)
                {
                    _at += 4;
                }
            }

            Expect(quote);
            return builder.ToString();
        }

        /// <summary><c>&lt;&lt;TAG</c> newline, raw lines, then a line that is exactly <c>TAG</c>.</summary>
        private string ReadHeredoc()
        {
            _at += 2;
            var tagEnd = _at;
            while (tagEnd < text.Length && (char.IsLetterOrDigit(text[tagEnd]) || text[tagEnd] == '_'))
            {
                tagEnd++;
            }

            var tag = text[_at..tagEnd];
            var bodyStart = text.IndexOf('\n', tagEnd);
            if (tag.Length == 0 || bodyStart < 0)
            {
                throw new FormatException("bad heredoc");
            }

            var lines = new List<string>();
            var position = bodyStart + 1;
            while (position <= text.Length)
            {
                var lineEnd = text.IndexOf('\n', position);
                var line = lineEnd < 0 ? text[position..] : text[position..lineEnd];
                if (line.Trim() == tag)
                {
                    _at = position + line.Length;
                    return string.Join("\n", lines);
                }

                lines.Add(line);
                if (lineEnd < 0)
                {
                    break;
                }

                position = lineEnd + 1;
            }

            throw new FormatException("unterminated heredoc");
        }

        private string ReadIdentifier()
        {
            var start = _at;
            while (!AtEnd && (char.IsLetterOrDigit(text[_at]) || text[_at] is '_' or '$'))
            {
                _at++;
            }

            return _at > start ? text[start.._at] : throw new FormatException("expected a key");
        }

        private Value ReadBare()
        {
            var start = _at;
            while (!AtEnd && text[_at] is not (',' or '}' or ']') && !char.IsWhiteSpace(text[_at]))
            {
                _at++;
            }

            var word = text[start.._at];
            return word switch
            {
                "true" => Value.True,
                "false" => Value.False,
                "null" or "undefined" => Value.Nil,
                _ when long.TryParse(word, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer) => Value.FromInt(integer),
                _ when double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => Value.FromFloat(number),
                _ => throw new FormatException("unexpected " + word),
            };
        }

        private void Expect(char c)
        {
            if (AtEnd || text[_at] != c)
            {
                throw new FormatException("expected " + c);
            }

            _at++;
        }
    }
}
