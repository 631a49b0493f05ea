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
            throw RuntimeErrors.Runtime($"{function}: {error.Message}");
        }
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
                var end = BalancedEnd(trimmed, start);
                if (end > start && JsonConversion.TryParse(trimmed[start..(end + 1)], out value))
                {
                    return true;
                }
            }
        }

        value = Value.Nil;
        return false;
    }

    /// <summary>Index of the bracket closing the one at <paramref name="start"/>, skipping string contents; -1 if none.</summary>
    private static int BalancedEnd(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']':
                    depth--;
                    if (depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return -1;
    }
}
