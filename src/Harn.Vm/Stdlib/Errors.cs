using System.Text.RegularExpressions;
using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary><c>Result</c> helpers and error classification (<c>throw_error</c>, <c>error_category</c>, ...).</summary>
internal static partial class Errors
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("Ok", (_, args) => HarnEnumVariant.Ok(Args.At(args, 0)));
        registry.Register("Err", (_, args) => HarnEnumVariant.Err(Args.At(args, 0)));
        registry.Register("is_ok", (_, args) => Value.FromBool(HarnEnumVariant.IsResult(Args.At(args, 0), "Ok")));
        registry.Register("is_err", (_, args) => Value.FromBool(HarnEnumVariant.IsResult(Args.At(args, 0), "Err")));
        registry.Register("unwrap", (_, args) => Unwrap(Args.At(args, 0)));
        registry.Register("unwrap_or", (_, args) => UnwrapOr(Args.At(args, 0), Args.At(args, 1)));
        registry.Register("unwrap_err", (_, args) => UnwrapErr(Args.At(args, 0)));
        registry.Register("throw_error", ThrowError);
        registry.Register("error_category", (_, args) => Value.FromString(Category(Args.At(args, 0))));
        registry.Register("is_timeout", (_, args) => Value.FromBool(Category(Args.At(args, 0)) == "timeout"));
        registry.Register("is_rate_limited", (_, args) => Value.FromBool(Category(Args.At(args, 0)) == "rate_limit"));
    }

    public static Value Unwrap(Value value)
    {
        if (value.Kind != ValueKind.EnumVariant || value.As<HarnEnumVariant>().EnumName != HarnEnumVariant.ResultEnum)
        {
            return value;
        }

        var result = value.As<HarnEnumVariant>();
        return result.Variant == "Err"
            ? throw RuntimeErrors.Runtime("unwrap called on Err: " + ValueFormatter.Display(result.FirstField))
            : result.FirstField;
    }

    private static Value UnwrapOr(Value value, Value fallback)
    {
        if (value.Kind != ValueKind.EnumVariant || value.As<HarnEnumVariant>().EnumName != HarnEnumVariant.ResultEnum)
        {
            return value;
        }

        var result = value.As<HarnEnumVariant>();
        return result.Variant == "Err" ? fallback : result.FirstField;
    }

    private static Value UnwrapErr(Value value) =>
        HarnEnumVariant.IsResult(value, "Err")
            ? value.As<HarnEnumVariant>().FirstField
            : throw RuntimeErrors.Runtime("unwrap_err called on non-Err");

    /// <summary><c>throw_error(message, category?)</c> throws the dict <c>{message, category}</c>.</summary>
    private static Value ThrowError(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var message = Args.At(args, 0);
        var category = Args.At(args, 1);
        var error = HarnDict.Empty
            .With("message", message.Kind == ValueKind.String ? message : Value.FromString(ValueFormatter.Display(message)))
            .With("category", category.IsNil ? Value.FromString("generic") : Value.FromString(ValueFormatter.Display(category)));
        throw HarnRuntimeException.Throw(Value.FromDict(error));
    }

    /// <summary>The category of a caught error: a dict's <c>category</c>, else a heuristic on its text.</summary>
    public static string Category(Value error)
    {
        switch (error.Kind)
        {
            case ValueKind.Dict:
                {
                    var dict = error.AsDict;
                    if (dict.TryGetValue("category", out var category) && category.Kind == ValueKind.String)
                    {
                        return category.AsString;
                    }

                    return dict.TryGetValue("message", out var message) && message.Kind == ValueKind.String
                        ? ClassifyText(message.AsString)
                        : "generic";
                }

            case ValueKind.String:
                return ClassifyText(error.AsString);
            default:
                return "generic";
        }
    }

    /// <summary>Classifies error text: <c>Error [c]:</c> prefix, then an HTTP status, then known phrases.</summary>
    public static string ClassifyText(string text)
    {
        var categorized = CategorizedPrefix().Match(text);
        if (categorized.Success)
        {
            return categorized.Groups[1].Value;
        }

        var status = HttpStatus().Match(text);
        if (status.Success)
        {
            switch (int.Parse(status.Value, System.Globalization.CultureInfo.InvariantCulture))
            {
                case 401 or 403:
                    return "auth";
                case 404 or 410:
                    return "not_found";
                case 408 or 504 or 522 or 524:
                    return "timeout";
                case 429:
                    return "rate_limit";
                case 503 or 529:
                    return "overloaded";
                case 500 or 502:
                    return "server_error";
            }
        }

        var lower = text.ToLowerInvariant();
        if (lower.Contains("deadline exceeded") || lower.Contains("timed out") || lower.Contains("timeout"))
        {
            return "timeout";
        }

        if (lower.Contains("overloaded"))
        {
            return "overloaded";
        }

        if (lower.Contains("rate limit") || lower.Contains("rate_limit") || lower.Contains("too many requests") || lower.Contains("insufficient_quota"))
        {
            return "rate_limit";
        }

        if (lower.Contains("invalid_api_key") || lower.Contains("authentication_error") || lower.Contains("unauthorized"))
        {
            return "auth";
        }

        if (lower.Contains("not_found_error"))
        {
            return "not_found";
        }

        if (lower.Contains("api_error") || lower.Contains("internal server error"))
        {
            return "server_error";
        }

        if (lower.Contains("circuit_open") || lower.Contains("circuit open"))
        {
            return "circuit_open";
        }

        if (lower.Contains("kind:cancelled") || lower.Contains("cancelled"))
        {
            return "cancelled";
        }

        if (lower.Contains("connection reset") || lower.Contains("connection refused") || lower.Contains("connection closed")
            || lower.Contains("broken pipe") || lower.Contains("dns error"))
        {
            return "transient_network";
        }

        return "generic";
    }

    [GeneratedRegex(@"^Error \[([a-z_]+)\]:")]
    private static partial Regex CategorizedPrefix();

    [GeneratedRegex(@"(?<!\d)[45]\d\d(?!\d)")]
    private static partial Regex HttpStatus();
}
