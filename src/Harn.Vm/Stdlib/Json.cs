using System.Text.Json;
using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>JSON builtins: parse/stringify, schema validation, extraction from prose, JSON Pointers.</summary>
internal static class Json
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("json_parse", (_, args) => Parse(Args.String(args, 0, "json_parse"), "json_parse"));
        registry.Register("json_stringify", (_, args) => Value.FromString(JsonConversion.Stringify(Args.At(args, 0))));
        registry.Register("json_stringify_pretty", (_, args) => Value.FromString(JsonConversion.Stringify(Args.At(args, 0), pretty: true)));
        registry.Register("json_validate", Validate);
        registry.Register("json_extract", Extract);
        registry.Register("json_pointer", (_, args) => JsonPointer.Get(Args.At(args, 0), Args.String(args, 1, "json_pointer")));
        registry.Register("json_pointer_set", (_, args) => JsonPointer.Set(Args.At(args, 0), Args.String(args, 1, "json_pointer_set"), Args.At(args, 2)));
        registry.Register("jq", (_, args) => Value.FromList(HarnList.Create(JqQuery.Run(Args.At(args, 0), Args.String(args, 1, "jq")))));
        registry.Register("jq_first", (_, args) => JqQuery.Run(Args.At(args, 0), Args.String(args, 1, "jq_first")).FirstOrDefault());
        registry.Register("json_pointer_delete", (_, args) => JsonPointer.Delete(Args.At(args, 0), Args.String(args, 1, "json_pointer_delete")));
    }

    private static Value Parse(string text, string function)
    {
        try
        {
            return JsonConversion.Parse(text);
        }
        catch (JsonException error)
        {
            throw RuntimeErrors.Runtime($"{function}: {ParseErrorText(error, text)}");
        }
    }

    /// <summary>
    /// A parse failure in upstream's wording (<c>key must be a string at line 1 column 2</c>): the
    /// kind of problem, then the 1-based line and byte column of the offending byte, or of the end
    /// of the text when the input stops early.
    /// </summary>
    public static string ParseErrorText(JsonException error, string text)
    {
        var message = error.Message;
        string? kind = message switch
        {
            _ when message.Contains("end of string, but instead reached end of data", StringComparison.Ordinal) => "EOF while parsing a string",
            _ when message.Contains("reached end of data", StringComparison.Ordinal)
                || message.Contains("does not contain any JSON tokens", StringComparison.Ordinal)
                || message.Contains("Expected depth to be zero", StringComparison.Ordinal) => "EOF while parsing a value",
            _ when message.Contains("invalid start of a property name", StringComparison.Ordinal) => "key must be a string",
            _ when message.Contains("trailing comma", StringComparison.Ordinal) => "trailing comma",
            _ when message.Contains("invalid after a single JSON value", StringComparison.Ordinal) => "trailing characters",
            _ when message.Contains("invalid after a property name", StringComparison.Ordinal) => "expected `:`",
            _ when message.Contains("Expected either ','", StringComparison.Ordinal) =>
                InnermostContainer(text, error.LineNumber ?? 0, error.BytePositionInLine ?? 0) == '[' ? "expected `,` or `]`" : "expected `,` or `}`",
            _ when message.Contains("invalid JSON literal", StringComparison.Ordinal) => "expected ident",
            _ when message.Contains("invalid start of a value", StringComparison.Ordinal) => "expected value",
            _ when message.Contains("maximum configured depth", StringComparison.Ordinal) => "recursion limit exceeded",
            _ when message.Contains("control character", StringComparison.OrdinalIgnoreCase)
                || message.Contains("escaped", StringComparison.OrdinalIgnoreCase) => "invalid escape",
            _ when message.Contains("number", StringComparison.OrdinalIgnoreCase) || message.Contains("digit", StringComparison.OrdinalIgnoreCase) => "invalid number",
            _ => null,
        };
        var line = (error.LineNumber ?? 0) + 1;
        var column = (error.BytePositionInLine ?? 0) + 1;
        var lines = text.Split('\n');
        if (kind is null)
        {
            kind = "invalid JSON";
        }
        else if (kind.StartsWith("EOF", StringComparison.Ordinal) || (kind == "expected ident" && line == lines.Length && column > System.Text.Encoding.UTF8.GetByteCount(lines[^1])))
        {
            // The input ended early: upstream points just past its last byte.
            kind = kind == "expected ident" ? "EOF while parsing a value" : kind;
            line = lines.Length;
            column = System.Text.Encoding.UTF8.GetByteCount(lines[^1]);
        }

        return $"{kind} at line {line} column {column}";
    }

    /// <summary>The bracket (<c>[</c> or <c>{</c>) of the innermost container open at a position, outside strings.</summary>
    private static char InnermostContainer(string text, long lineIndex, long bytePosition)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var offset = 0L;
        for (var line = 0L; line < lineIndex && offset < bytes.Length; offset++)
        {
            if (bytes[offset] == (byte)'\n')
            {
                line++;
            }
        }

        var end = Math.Min(bytes.Length, offset + bytePosition);
        var open = new Stack<char>();
        var inString = false;
        for (var i = 0; i < end; i++)
        {
            var b = bytes[i];
            if (inString)
            {
                if (b == (byte)'\\')
                {
                    i++;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
            }
            else if (b == (byte)'"')
            {
                inString = true;
            }
            else if (b is (byte)'[' or (byte)'{')
            {
                open.Push((char)b);
            }
            else if (b is (byte)']' or (byte)'}' && open.Count > 0)
            {
                open.Pop();
            }
        }

        return open.Count > 0 ? open.Peek() : '{';
    }

    private static Value Validate(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var schema = Args.Dict(args, 1, "json_validate");
        var problem = JsonSchemaValidator.Validate(Args.At(args, 0), schema);
        return problem is null ? Value.True : throw RuntimeErrors.Runtime("json_validate: " + problem);
    }

    /// <summary><c>json_extract(text, key?)</c>: the first JSON value in the text, ignoring code fences and prose.</summary>
    private static Value Extract(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var text = Args.String(args, 0, "json_extract");
        var value = TryExtract(text, out var found) ? found : throw RuntimeErrors.Runtime("json_extract: failed to parse JSON from text");
        var key = Args.At(args, 1);
        return key.IsNil ? value : value.Kind == ValueKind.Dict ? value.AsDict.Get(ValueAccess.DictKey(key)) : Value.Nil;
    }

    private static bool TryExtract(string text, out Value value)
    {
        var trimmed = text.Trim();
        if (JsonConversion.TryParse(trimmed, out value))
        {
            return true;
        }

        var fence = trimmed.IndexOf("```", StringComparison.Ordinal);
        if (fence >= 0)
        {
            var bodyStart = trimmed.IndexOf('\n', fence);
            var close = bodyStart < 0 ? -1 : trimmed.IndexOf("```", bodyStart, StringComparison.Ordinal);
            if (close > bodyStart && JsonConversion.TryParse(trimmed[bodyStart..close].Trim(), out value))
            {
                return true;
            }
        }

        for (var start = 0; start < trimmed.Length; start++)
        {
            if (trimmed[start] is '{' or '[')
            {
                var end = JsonBrackets.ClosingIndex(trimmed, start);
                if (end > start && JsonConversion.TryParse(trimmed[start..(end + 1)], out value))
                {
                    return true;
                }
            }
        }

        value = Value.Nil;
        return false;
    }
}
