using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>Cost, usage, budget and rate-limit builtins: <c>llm_cost</c>, <c>llm_session_cost</c>, <c>llm_budget</c>, <c>llm_usage</c>, <c>llm_rate_limit</c>, <c>llm_info</c>.</summary>
internal static class UsageBuiltins
{
    public static void Register(BuiltinRegistry registry, LlmLibrary library)
    {
        registry.Register("llm_cost", (_, args) => Value.FromFloat(ProviderCatalog.Cost(
            Args.String(args, 0, "llm_cost"), Args.Int(args, 1, "llm_cost"), Args.Int(args, 2, "llm_cost"))));
        registry.Register("llm_session_cost", (ctx, _) =>
        {
            var state = library.StateOf(ctx);
            return HostValues.Dict(
                ("total_cost", Value.FromFloat(state.TotalCost)),
                ("input_tokens", Value.FromInt(state.InputTokens)),
                ("output_tokens", Value.FromInt(state.OutputTokens)),
                ("call_count", Value.FromInt(state.CallCount)));
        });
        registry.Register("llm_usage", (ctx, _) =>
        {
            var state = library.StateOf(ctx);
            return HostValues.Dict(
                ("input_tokens", Value.FromInt(state.InputTokens)),
                ("output_tokens", Value.FromInt(state.OutputTokens)),
                ("call_count", Value.FromInt(state.CallCount)),
                ("total_duration_ms", Value.FromInt(state.TotalDurationMs)),
                ("total_cost", Value.FromFloat(state.TotalCost)));
        });
        registry.Register("llm_budget", (ctx, args) =>
        {
            var state = library.StateOf(ctx);
            var limit = Args.At(args, 0);
            state.Budget = limit.IsNil ? null : limit.IsNumber ? limit.AsNumber : throw Args.Expected("llm_budget", "a number of USD", limit);
            return Value.Nil;
        });
        registry.Register("llm_budget_remaining", (ctx, _) =>
        {
            var state = library.StateOf(ctx);
            return state.Budget is { } budget ? Value.FromFloat(Math.Max(0, budget - state.TotalCost)) : Value.Nil;
        });
        registry.Register("llm_rate_limit", (ctx, args) => RateLimit(library.StateOf(ctx), args));
        registry.Register("with_rate_limit", (ctx, args) => WithRateLimit(ctx, library.StateOf(ctx), args));
        registry.Register("llm_info", (ctx, args) =>
        {
            var options = HostValues.Options(args, 0, "llm_info");
            var (model, provider) = LlmCallSpec.SelectModel(options);
            var info = ProviderCatalog.Find(provider);
            return HostValues.Dict(
                ("provider", Value.FromString(provider)),
                ("model", Value.FromString(model)),
                ("api_key_set", Value.FromBool(info?.ApiKey() is not null)),
                ("auth_style", Value.FromString(info?.AuthStyle ?? "none")),
                ("calls_disabled", Value.FromBool(LlmCaller.CallsDisabled)));
        });
    }

    /// <summary>The doubling backoff of <c>with_rate_limit</c> never waits longer than this.</summary>
    private const long MaxBackoffMs = 30_000;

    private static readonly HashSet<string> RetryableCategories = new(StringComparer.Ordinal) { "rate_limit", "overloaded", "transient_network", "timeout" };

    /// <summary>
    /// <c>with_rate_limit(provider, fn, {max_retries?, backoff_ms?})</c>: takes a permit from the
    /// provider's RPM window, calls <c>fn</c>, and retries throttling-type failures with
    /// exponential backoff.
    /// </summary>
    private static Value WithRateLimit(BuiltinContext context, LlmRunState state, ReadOnlySpan<Value> args)
    {
        var provider = Args.String(args, 0, "with_rate_limit");
        var body = Args.Callable(args, 1, "with_rate_limit");
        var options = HostValues.Options(args, 2, "with_rate_limit");
        var maxRetries = options.GetInt("max_retries") ?? 5;
        var backoff = Math.Max(0, options.GetInt("backoff_ms") ?? 1000);
        for (var attempt = 0; ; attempt++)
        {
            RateLimiter.Wait(context, state, provider);
            try
            {
                return context.Invoke(body, ReadOnlySpan<Value>.Empty);
            }
            catch (HarnRuntimeException error) when (attempt < maxRetries
                && !context.CancellationToken.IsCancellationRequested
                && RetryableCategories.Contains(Errors.Category(error.CatchValue)))
            {
                LlmWait.Delay(context, Math.Min(MaxBackoffMs, backoff * (1L << Math.Min(attempt, 16))));
            }
        }
    }

    /// <summary><c>llm_rate_limit(provider)</c> reads the RPM (nil when none); with <c>{rpm}</c> or a number it sets it (0 clears).</summary>
    private static Value RateLimit(LlmRunState state, ReadOnlySpan<Value> args)
    {
        var provider = Args.String(args, 0, "llm_rate_limit");
        var setting = Args.At(args, 1);
        if (setting.IsNil)
        {
            return RateLimiter.Limit(state, provider) is { } rpm ? Value.FromInt(rpm) : Value.Nil;
        }

        var value = setting.Kind == ValueKind.Dict ? setting.AsDict.GetInt("rpm") ?? 0 : setting.IsNumber ? (long)setting.AsNumber : throw Args.Expected("llm_rate_limit", "a dict {rpm} or a number", setting);
        if (value <= 0)
        {
            state.RateLimits.Remove(provider);
        }
        else
        {
            state.RateLimits[provider] = value;
        }

        return Value.Nil;
    }
}
