using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>
/// A categorized LLM failure: upstream's canonical <c>ErrorCategory</c> plus the derived
/// <c>kind</c> (transient or terminal) and <c>reason</c>. Scripts catch it as the dict
/// <c>{category, kind, reason, message, retry_after_ms?, provider, model}</c>.
/// </summary>
internal sealed record LlmError(string Category, string Message, long? RetryAfterMs, string Provider, string Model)
{
    public static readonly IReadOnlyList<string> Categories =
    [
        "timeout", "auth", "rate_limit", "overloaded", "server_error", "transient_network",
        "schema_validation", "tool_error", "tool_rejected", "egress_blocked", "cancelled",
        "not_found", "circuit_open", "budget_exceeded", "generic",
    ];

    /// <summary>Extra fields merged into the thrown dict (nil values are left out).</summary>
    public HarnDict Extra { get; init; } = HarnDict.Empty;

    public bool IsTransient => Kind == "transient";

    public string Kind => Category is "rate_limit" or "timeout" or "overloaded" or "server_error" or "transient_network" ? "transient" : "terminal";

    public string Reason => Category switch
    {
        "rate_limit" => "rate_limit",
        "timeout" => "timeout",
        "overloaded" or "server_error" => "server_error",
        "transient_network" => "network_error",
        "auth" => "auth_failure",
        "not_found" => "model_unavailable",
        "budget_exceeded" => "budget_exceeded",
        _ => "unknown",
    };

    public HarnDict ToDict()
    {
        var dict = HarnDict.Empty
            .With("category", Value.FromString(Category))
            .With("kind", Value.FromString(Kind))
            .With("reason", Value.FromString(Reason))
            .With("message", Value.FromString(Message))
            .With("provider", Value.FromString(Provider))
            .With("model", Value.FromString(Model));
        foreach (var (key, value) in Extra)
        {
            dict = value.IsNil ? dict : dict.With(key, value);
        }

        return RetryAfterMs is { } delay ? dict.With("retry_after_ms", Value.FromInt(delay)) : dict;
    }

    public HarnRuntimeException ToException() => HarnRuntimeException.Throw(Value.FromDict(ToDict()));

    /// <summary>The category an HTTP status implies.</summary>
    public static string CategoryForStatus(int status) => status switch
    {
        401 or 403 => "auth",
        404 => "not_found",
        408 => "timeout",
        429 => "rate_limit",
        529 => "overloaded",
        >= 500 => "server_error",
        _ => "generic",
    };

    /// <summary>The error dict of any caught value: LLM errors keep their fields, others become generic.</summary>
    public static HarnDict FromCaught(Value caught, string provider, string model)
    {
        if (caught.Kind == ValueKind.Dict && caught.AsDict.ContainsKey("category"))
        {
            return caught.AsDict;
        }

        var message = caught.Kind == ValueKind.Dict && caught.AsDict.GetString("message") is { } text ? text : ValueFormatter.Display(caught);
        return new LlmError(Errors.Category(caught), message, null, provider, model).ToDict();
    }
}
