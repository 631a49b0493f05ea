using System.Globalization;
using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>
/// A TOML 1.0 reader: tables, arrays of tables, dotted and quoted keys, inline tables, arrays,
/// every string form, integers (decimal, hex, octal, binary), floats, booleans; dates and times
/// stay strings. Errors name the line: <c>toml_parse: line 3: ...</c>.
/// </summary>
internal sealed class TomlReader
{
    private const int MaxDepth = 128;

    private readonly string _text;
    private int _pos;
    private int _line = 1;

    private TomlReader(string text) => _text = text;

    /// <summary>A table under construction: ordered keys, and whether it may still be reopened by a header.</summary>
    private sealed class Table
    {
        public List<string> Order { get; } = [];

        public Dictionary<string, object> Items { get; } = new(StringComparer.Ordinal);

        /// <summary>Defined by a [header] or inline, so a second header or dotted key may not reopen it.</summary>
        public bool Sealed { get; set; }

        public bool Inline { get; set; }

        public void Add(string key, object value)
        {
            Order.Add(key);
            Items[key] = value;
        }
    }

    /// <summary>An array built by [[header]]s.</summary>
    private sealed class TableArray
    {
        public List<Table> Tables { get; } = [];
    }

    public static Value Parse(string text)
    {
        var reader = new TomlReader(text);
        return ToValue(reader.Document(), 0);
    }

    private Exception Error(string message) => RuntimeErrors.Thrown($"toml_parse: line {_line}: {message}");

    private char Peek(int offset = 0) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    private bool AtEnd => _pos >= _text.Length;

    private void SkipSpaces()
    {
        while (!AtEnd && (Peek() == ' ' || Peek() == '\t'))
        {
            _pos++;
        }
    }

    private void SkipComment()
    {
        if (Peek() == '#')
        {
            while (!AtEnd && Peek() != '\n')
            {
                _pos++;
            }
        }
    }

    /// <summary>Skips blanks, comments and newlines (inside arrays and between statements).</summary>
    private void SkipTrivia()
    {
        while (!AtEnd)
        {
            SkipSpaces();
            SkipComment();
            if (Peek() == '\r' && Peek(1) == '\n')
            {
                _pos++;
            }

            if (Peek() == '\n')
            {
                _pos++;
                _line++;
                continue;
            }

            break;
        }
    }

    /// <summary>After a statement only a comment and the end of the line may follow.</summary>
    private void EndOfLine()
    {
        SkipSpaces();
        SkipComment();
        if (AtEnd)
        {
            return;
        }

        if (Peek() == '\r' && Peek(1) == '\n')
        {
            _pos++;
        }

        if (Peek() != '\n')
        {
            throw Error($"unexpected '{Peek()}' after a value");
        }
    }

    private Table Document()
    {
        var root = new Table();
        var current = root;
        while (true)
        {
            SkipTrivia();
            if (AtEnd)
            {
                return root;
            }

            if (Peek() == '[')
            {
                current = Header(root);
            }
            else
            {
                KeyValue(current);
            }

            EndOfLine();
        }
    }

    private Table Header(Table root)
    {
        var isArray = Peek(1) == '[';
        _pos += isArray ? 2 : 1;
        SkipSpaces();
        var path = Key();
        SkipSpaces();
        if (Peek() != ']' || (isArray && Peek(1) != ']'))
        {
            throw Error(isArray ? "expected ']]' to close the table-array header" : "expected ']' to close the table header");
        }

        _pos += isArray ? 2 : 1;
        var parent = root;
        for (var i = 0; i < path.Count - 1; i++)
        {
            parent = Descend(parent, path[i], headerPath: true);
        }

        var last = path[^1];
        if (isArray)
        {
            if (!parent.Items.TryGetValue(last, out var existing))
            {
                existing = new TableArray();
                parent.Add(last, existing);
            }

            if (existing is not TableArray array)
            {
                throw Error($"'{string.Join(".", path)}' is already defined and is not an array of tables");
            }

            var table = new Table { Sealed = true };
            array.Tables.Add(table);
            return table;
        }

        if (parent.Items.TryGetValue(last, out var found))
        {
            if (found is Table { Sealed: false, Inline: false } open)
            {
                open.Sealed = true;
                return open;
            }

            throw Error($"table '{string.Join(".", path)}' is defined twice");
        }

        var created = new Table { Sealed = true };
        parent.Add(last, created);
        return created;
    }

    /// <summary>The sub-table <paramref name="key"/> of <paramref name="table"/>, created as an implicit table when missing.</summary>
    private Table Descend(Table table, string key, bool headerPath)
    {
        if (!table.Items.TryGetValue(key, out var existing))
        {
            var created = new Table();
            table.Add(key, created);
            return created;
        }

        return existing switch
        {
            Table { Inline: false } sub when headerPath || !sub.Sealed => sub,
            TableArray array when headerPath && array.Tables.Count > 0 => array.Tables[^1],
            _ => throw Error($"key '{key}' is already defined"),
        };
    }

    private void KeyValue(Table table, int depth = 0)
    {
        var path = Key();
        SkipSpaces();
        if (Peek() != '=')
        {
            throw Error($"expected '=' after the key '{string.Join(".", path)}'");
        }

        _pos++;
        SkipSpaces();
        var target = table;
        for (var i = 0; i < path.Count - 1; i++)
        {
            target = Descend(target, path[i], headerPath: false);
        }

        if (target.Items.ContainsKey(path[^1]))
        {
            throw Error($"key '{string.Join(".", path)}' is defined twice");
        }

        target.Add(path[^1], Val(depth));
    }

    private List<string> Key()
    {
        var parts = new List<string>();
        while (true)
        {
            SkipSpaces();
            var c = Peek();
            if (c == '"')
            {
                parts.Add(BasicString());
            }
            else if (c == '\'')
            {
                parts.Add(LiteralString());
            }
            else
            {
                var start = _pos;
                while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek()) || Peek() == '_' || Peek() == '-'))
                {
                    _pos++;
                }

                if (start == _pos)
                {
                    throw Error(AtEnd || Peek() == '\n' ? "expected a key" : $"unexpected '{Peek()}' where a key was expected");
                }

                parts.Add(_text[start.._pos]);
            }

            SkipSpaces();
            if (Peek() != '.')
            {
                return parts;
            }

            _pos++;
        }
    }

    private object Val(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("values nest too deeply");
        }

        var c = Peek();
        switch (c)
        {
            case '"':
                return Peek(1) == '"' && Peek(2) == '"' ? MultilineBasic() : BasicString();
            case '\'':
                return Peek(1) == '\'' && Peek(2) == '\'' ? MultilineLiteral() : LiteralString();
            case '[':
                return ArrayValue(depth);
            case '{':
                return InlineTable(depth);
        }

        if (_text.AsSpan(_pos).StartsWith("true") && !IsBareChar(Peek(4)))
        {
            _pos += 4;
            return Value.True;
        }

        if (_text.AsSpan(_pos).StartsWith("false") && !IsBareChar(Peek(5)))
        {
            _pos += 5;
            return Value.False;
        }

        return Scalar();
    }

    private static bool IsBareChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-';

    private List<object> ArrayValue(int depth)
    {
        _pos++;
        var items = new List<object>();
        while (true)
        {
            SkipTrivia();
            if (Peek() == ']')
            {
                _pos++;
                return items;
            }

            if (AtEnd)
            {
                throw Error("unterminated array");
            }

            items.Add(Val(depth + 1));
            SkipTrivia();
            if (Peek() == ',')
            {
                _pos++;
                continue;
            }

            if (Peek() != ']')
            {
                throw Error("expected ',' or ']' in an array");
            }
        }
    }

    private Table InlineTable(int depth)
    {
        _pos++;
        var table = new Table { Sealed = true, Inline = true };
        SkipSpaces();
        if (Peek() == '}')
        {
            _pos++;
            return table;
        }

        while (true)
        {
            SkipSpaces();
            KeyValue(table, depth + 1);
            SkipSpaces();
            if (Peek() == ',')
            {
                _pos++;
                continue;
            }

            if (Peek() == '}')
            {
                _pos++;
                return table;
            }

            throw Error("expected ',' or '}' in an inline table");
        }
    }

    private string BasicString()
    {
        _pos++;
        var text = new StringBuilder();
        while (true)
        {
            if (AtEnd || Peek() == '\n')
            {
                throw Error("unterminated string");
            }

            var c = _text[_pos++];
            if (c == '"')
            {
                return text.ToString();
            }

            if (c == '\\')
            {
                Escape(text);
            }
            else
            {
                text.Append(c);
            }
        }
    }

    private void Escape(StringBuilder text)
    {
        var e = AtEnd ? '\0' : _text[_pos++];
        switch (e)
        {
            case 'b': text.Append('\b'); break;
            case 't': text.Append('\t'); break;
            case 'n': text.Append('\n'); break;
            case 'f': text.Append('\f'); break;
            case 'r': text.Append('\r'); break;
            case 'e': text.Append('\u001b'); break;
            case '"': text.Append('"'); break;
            case '\\': text.Append('\\'); break;
            case 'u':
            case 'U':
                var length = e == 'u' ? 4 : 8;
                if (_pos + length > _text.Length || !int.TryParse(_text.AsSpan(_pos, length), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code)
                    || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
                {
                    throw Error("invalid unicode escape");
                }

                text.Append(char.ConvertFromUtf32(code));
                _pos += length;
                break;
            default:
                throw Error($"invalid escape '\\{e}'");
        }
    }

    private string MultilineBasic()
    {
        _pos += 3;
        SkipFirstNewline();
        var text = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw Error("unterminated multi-line string");
            }

            if (_text.AsSpan(_pos).StartsWith("\"\"\""))
            {
                // Up to two quotes may sit right before the closing delimiter.
                var extra = Peek(3) == '"' ? (Peek(4) == '"' ? 2 : 1) : 0;
                text.Append('"', extra);
                _pos += 3 + extra;
                return text.ToString();
            }

            var c = _text[_pos++];
            if (c == '\n')
            {
                _line++;
                text.Append(c);
            }
            else if (c == '\\')
            {
                var look = _pos;
                while (look < _text.Length && (_text[look] == ' ' || _text[look] == '\t'))
                {
                    look++;
                }

                if (look < _text.Length && (_text[look] == '\n' || _text[look] == '\r'))
                {
                    // A line-ending backslash trims the newline and the whitespace that follows.
                    _pos = look;
                    while (!AtEnd && char.IsWhiteSpace(Peek()))
                    {
                        if (Peek() == '\n')
                        {
                            _line++;
                        }

                        _pos++;
                    }
                }
                else
                {
                    Escape(text);
                }
            }
            else
            {
                text.Append(c);
            }
        }
    }

    private string LiteralString()
    {
        _pos++;
        var start = _pos;
        while (!AtEnd && Peek() != '\'' && Peek() != '\n')
        {
            _pos++;
        }

        if (Peek() != '\'')
        {
            throw Error("unterminated literal string");
        }

        return _text[start.._pos++];
    }

    private string MultilineLiteral()
    {
        _pos += 3;
        SkipFirstNewline();
        var end = _text.IndexOf("'''", _pos, StringComparison.Ordinal);
        if (end < 0)
        {
            throw Error("unterminated multi-line literal string");
        }

        while (end + 3 < _text.Length && _text[end + 3] == '\'' && end + 3 - _pos < int.MaxValue)
        {
            end++;
        }

        var body = _text[_pos..end];
        _line += body.Count(ch => ch == '\n');
        _pos = end + 3;
        return body;
    }

    private void SkipFirstNewline()
    {
        if (Peek() == '\r' && Peek(1) == '\n')
        {
            _pos += 2;
            _line++;
        }
        else if (Peek() == '\n')
        {
            _pos++;
            _line++;
        }
    }

    /// <summary>A number, date, time or special float: everything up to a delimiter.</summary>
    private object Scalar()
    {
        var start = _pos;
        while (!AtEnd && Peek() is not (',' or ']' or '}' or '\n' or '\r' or '#'))
        {
            // A date and a time may be separated by one space.
            if (Peek() == ' ' && !(IsDate(_text[start.._pos]) && char.IsAsciiDigit(Peek(1))))
            {
                break;
            }

            _pos++;
        }

        var token = _text[start.._pos].TrimEnd();
        if (token.Length == 0)
        {
            throw Error(AtEnd || Peek() is '\n' or '\r' ? "expected a value" : $"unexpected '{Peek()}' where a value was expected");
        }

        if (Number(token) is { } number)
        {
            return number;
        }

        if (IsDate(token) || IsTime(token) || (token.Length > 10 && IsDate(token[..10]) && token[10] is 'T' or 't' or ' '))
        {
            return Value.FromString(token);
        }

        throw Error($"invalid value '{token}'");
    }

    private static bool IsDate(string text) =>
        text.Length == 10 && text[4] == '-' && text[7] == '-' && text.Where((ch, i) => i is not (4 or 7)).All(char.IsAsciiDigit);

    private static bool IsTime(string text) =>
        text.Length >= 8 && text[2] == ':' && text[5] == ':' && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[7]);

    private static Value? Number(string token)
    {
        switch (token)
        {
            case "inf" or "+inf": return Value.FromFloat(double.PositiveInfinity);
            case "-inf": return Value.FromFloat(double.NegativeInfinity);
            case "nan" or "+nan" or "-nan": return Value.FromFloat(double.NaN);
        }

        if (token.Contains("__") || token.StartsWith('_') || token.EndsWith('_'))
        {
            return null;
        }

        var clean = token.Replace("_", "", StringComparison.Ordinal);
        if (clean.Length > 2 && clean[0] == '0' && clean[1] is 'x' or 'o' or 'b')
        {
            var radix = clean[1] switch { 'x' => 16, 'o' => 8, _ => 2 };
            try
            {
                return Value.FromInt(Convert.ToInt64(clean[2..], radix));
            }
            catch (Exception error) when (error is FormatException or OverflowException or ArgumentException)
            {
                return null;
            }
        }

        var digits = clean.TrimStart('+', '-');
        if (digits.Length > 1 && digits[0] == '0' && char.IsAsciiDigit(digits[1]))
        {
            return null;
        }

        if (long.TryParse(clean, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return Value.FromInt(integer);
        }

        if (digits.Length > 0 && char.IsAsciiDigit(digits[0]) && !digits.EndsWith('.') && !digits.Contains(".e", StringComparison.OrdinalIgnoreCase)
            && double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return Value.FromFloat(real);
        }

        return null;
    }

    private static Value ToValue(object item, int depth) => item switch
    {
        Value value => value,
        string text => Value.FromString(text),
        Table table => Value.FromDict(HarnDict.FromEntries(table.Order.Select(key => new KeyValuePair<string, Value>(key, ToValue(table.Items[key], depth + 1))))),
        TableArray array => Value.FromList(HarnList.Create(array.Tables.Select(t => ToValue(t, depth + 1)))),
        List<object> list => Value.FromList(HarnList.Create(list.Select(x => ToValue(x, depth + 1)))),
        _ => Value.Nil,
    };
}
