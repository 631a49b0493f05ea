using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>
/// Response dicts for the inbound server (<c>http_response</c>, <c>http_response_text</c>,
/// <c>http_response_json</c>, <c>http_response_bytes</c>) and <c>http_header</c>, the
/// case-insensitive header lookup on a header dict, request or response.
/// </summary>
internal static class HttpResponses
{
    public const string TextType = "text/plain; charset=utf-8";
    public const string JsonType = "application/json";
    public const string BytesType = "application/octet-stream";

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("http_response", (_, args) =>
        {
            var headers = Args.At(args, 2);
            return Response(Args.Int(args, 0, "http_response"), Args.At(args, 1), headers.Kind == ValueKind.Dict ? headers.AsDict : HarnDict.Empty, null);
        });
        registry.Register("http_response_text", (_, args) =>
            WithOptions(Value.FromString(ValueFormatter.Display(Args.At(args, 0))), HostValues.Options(args, 1, "http_response_text"), TextType));
        registry.Register("http_response_json", (_, args) =>
            WithOptions(Value.FromString(JsonConversion.Stringify(Args.At(args, 0), pretty: false)), HostValues.Options(args, 1, "http_response_json"), JsonType));
        registry.Register("http_response_bytes", (_, args) =>
            WithOptions(Value.FromBytes(HostValues.BytesArg(args, 0, "http_response_bytes")), HostValues.Options(args, 1, "http_response_bytes"), BytesType));
        registry.Register("http_header", (_, args) => Header(Args.At(args, 0), Args.String(args, 1, "http_header")));
    }

    /// <summary>A response dict: <c>{status, headers, body}</c> with lowercase header names.</summary>
    public static Value Response(long status, Value body, HarnDict headers, string? contentType)
    {
        var normalized = Lowercase(headers);
        if (contentType is not null && !normalized.ContainsKey("content-type"))
        {
            normalized = normalized.With("content-type", Value.FromString(contentType));
        }

        return HostValues.Dict(("status", Value.FromInt(status)), ("headers", Value.FromDict(normalized)), ("body", body));
    }

    /// <summary>Header names folded to lowercase; later duplicates win.</summary>
    public static HarnDict Lowercase(HarnDict headers)
    {
        var result = HarnDict.Empty;
        for (var i = 0; i < headers.Count; i++)
        {
            result = result.With(headers.Keys[i].ToLowerInvariant(), headers.Values[i]);
        }

        return result;
    }

    /// <summary>The header named <paramref name="name"/> (any case) of a header dict or of a message's <c>headers</c>, or nil.</summary>
    public static Value Header(Value source, string name)
    {
        if (source.Kind != ValueKind.Dict)
        {
            return Value.Nil;
        }

        var dict = source.AsDict;
        if (dict.GetDict("headers") is { } nested)
        {
            dict = nested;
        }

        for (var i = 0; i < dict.Count; i++)
        {
            if (string.Equals(dict.Keys[i], name, StringComparison.OrdinalIgnoreCase))
            {
                var value = dict.Values[i];
                return value.Kind == ValueKind.String || value.IsNil ? value : Value.FromString(ValueFormatter.Display(value));
            }
        }

        return Value.Nil;
    }

    private static Value WithOptions(Value body, HarnDict options, string contentType) =>
        Response(options.GetInt("status") ?? 200, body, options.GetDict("headers") ?? HarnDict.Empty, contentType);
}
