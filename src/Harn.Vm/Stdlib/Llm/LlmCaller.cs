using System.Diagnostics;
using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>
/// The call pipeline shared by every LLM builtin and the agent loop: guard (disabled calls,
/// budgets, rate limits), send to the mock or a real provider, retry transient failures with
/// exponential backoff (a provider's retry-after wins), and in JSON mode extract, validate and
/// re-ask up to <c>schema_retries</c> times.
/// </summary>
internal static class LlmCaller
{
    private const long MaxBackoffMs = 60_000;

    public static bool CallsDisabled =>
        Environment.GetEnvironmentVariable("HARN_LLM_CALLS_DISABLED") is { Length: > 0 } value && value != "0" && value != "false";

    /// <summary>One request to the provider, no retries.</summary>
    public static LlmResponse Send(BuiltinContext context, LlmRunState state, LlmRequest request, Action<string>? onDelta = null)
    {
        RequireVision(state, request);
        var mocked = request.Provider == "mock" || state.Mock.HasScriptedAnswers;
        if (!mocked && CallsDisabled)
        {
            throw RuntimeErrors.Thrown($"LLM calls are disabled (HARN_LLM_CALLS_DISABLED is set); provider \"{request.Provider}\" was not called");
        }

        LlmBudget.Check(state, request);
        RateLimiter.Wait(context, state, request.Provider);
        var watch = Stopwatch.StartNew();
        LlmResponse response;
        if (mocked)
        {
            response = state.Mock.Answer(request);
            if (onDelta is not null)
            {
                foreach (var word in response.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    onDelta(word);
                }
            }
        }
        else
        {
            var provider = ProviderCatalog.Find(request.Provider)
                ?? throw new LlmFailure(new LlmError("not_found", $"Unknown provider: {request.Provider}", null, request.Provider, request.Model));
            response = LlmWait.Run(context, token => ProviderTransport.SendAsync(provider, request, onDelta, token));
        }

        state.Account(response, watch.ElapsedMilliseconds);
        return response;
    }

    /// <summary>
    /// <c>vision: true</c> (implied by image blocks) fails before transport unless the capability
    /// matrix says the provider/model route accepts images.
    /// </summary>
    private static void RequireVision(LlmRunState state, LlmRequest request)
    {
        var wantsVision = request.Options.GetBool("vision", false) || request.Messages.Any(message =>
            message.Get("content") is { Kind: ValueKind.List } blocks
            && blocks.AsList.Any(block => block.Kind == ValueKind.Dict && block.AsDict.GetString("type") == "image"));
        if (wantsVision && !Capabilities.Lookup(state, request.Provider, request.Model).GetBool("vision_supported", false))
        {
            throw RuntimeErrors.Thrown($"llm_call: option `vision` is not supported by provider {request.Provider} model {request.Model}");
        }
    }

    /// <summary>Sends with up to <paramref name="retries"/> retries of transient failures.</summary>
    public static LlmResponse SendWithRetries(BuiltinContext context, LlmRunState state, LlmRequest request, int retries, long backoffMs, Action<string>? onDelta = null, Action<LlmError>? onRetry = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return Send(context, state, request, onDelta);
            }
            catch (LlmFailure failure) when (failure.Error.IsTransient && attempt < retries)
            {
                onRetry?.Invoke(failure.Error);
                var delay = failure.Error.RetryAfterMs ?? backoffMs * (1L << Math.Min(attempt, 16));
                state.Trace("llm_retry", HarnDict.Empty
                    .With("attempt", Value.FromInt(attempt + 1))
                    .With("category", Value.FromString(failure.Error.Category))
                    .With("delay_ms", Value.FromInt(delay)));
                LlmWait.Delay(context, Math.Min(delay, MaxBackoffMs));
            }
        }
    }

    /// <summary>The whole pipeline; transport failures propagate as <see cref="LlmFailure"/>.</summary>
    public static StructuredOutcome Run(BuiltinContext context, LlmRunState state, LlmCallSpec spec)
    {
        var baseMessages = spec.Request.Messages;
        var request = spec.Request;
        for (var attempt = 1; ; attempt++)
        {
            var response = SendWithRetries(context, state, request, spec.LlmRetries, spec.BackoffMs, onRetry: spec.OnRetry);
            if (!spec.JsonMode)
            {
                return new StructuredOutcome { Response = response, Attempts = attempt };
            }

            var found = JsonExtraction.TryExtract(response.Text, out var data, out var extracted);
            var errors = !found
                ? ["response did not contain parseable JSON"]
                : spec.Schema is null ? [] : SchemaCheck.Problems(data, spec.Schema);
            if (errors.Count == 0)
            {
                return new StructuredOutcome { Response = response, Data = data, HasData = true, Extracted = extracted, Attempts = attempt };
            }

            var category = found ? "schema_validation" : "missing_json";
            if (attempt > spec.SchemaRetries)
            {
                return new StructuredOutcome
                {
                    Response = response,
                    Data = data,
                    HasData = found,
                    Extracted = extracted,
                    Attempts = attempt,
                    FailureCategory = category,
                    Errors = errors,
                };
            }

            var correction = Correction(errors, spec.Schema);
            state.Trace("schema_retry", HarnDict.Empty
                .With("attempt", Value.FromInt(attempt))
                .With("errors", HostValues.Strings(errors))
                .With("correction_prompt", Value.FromString(correction))
                .With("nudge_used", Value.FromBool(spec.SchemaRetryNudge)));
            request = request.With(spec.SchemaRetryNudge ? [.. baseMessages, LlmCallSpec.UserMessage(Value.FromString(correction))] : baseMessages);
        }
    }

    private static string Correction(IReadOnlyList<string> errors, HarnDict? schema)
    {
        var text = "Your previous response did not match the required JSON schema. Problems: " + string.Join("; ", errors) + ".";
        return schema is null
            ? text + " Respond with only valid JSON."
            : text + " Respond with only a JSON value that conforms to this schema: " + JsonConversion.Stringify(Value.FromDict(schema));
    }

    /// <summary>The failure of an unacceptable outcome, as upstream throws it.</summary>
    public static LlmError OutcomeError(StructuredOutcome outcome) =>
        new("schema_validation", outcome.FailureMessage, null, outcome.Response.Provider, outcome.Response.Model);

    /// <summary>The canonical result dict of a call.</summary>
    public static HarnDict ResultDict(LlmCallSpec spec, StructuredOutcome outcome)
    {
        var response = outcome.Response;
        var visible = VisibleText.Of(response.Text);
        var transcript = new LlmTranscript(spec.Transcript);
        var prior = spec.Transcript?.Get("messages", Value.Nil) is { Kind: ValueKind.List } list && !spec.Request.Options.ContainsKey("messages") ? list.AsList.Count : 0;
        for (var i = 0; i < spec.Request.Messages.Count; i++)
        {
            transcript.AddMessage(spec.Request.Messages[i], recordEvent: i >= prior);
        }

        if (spec.Experiment is { } experiment)
        {
            transcript.AddEvent("provider_payload", "system", "internal", "structural experiment " + experiment.GetString("label"),
                HarnDict.Empty.With("structural_experiment", Value.FromDict(experiment)));
        }

        transcript.AddResponse(response, visible);
        var usage = Usage(response);
        var result = usage
            .With("text", Value.FromString(response.Text))
            .With("visible_text", Value.FromString(visible))
            .With("prose", Value.FromString(visible))
            .With("model", Value.FromString(response.Model))
            .With("provider", Value.FromString(response.Provider))
            .With("usage", Value.FromDict(usage))
            .With("tool_calls", Value.FromList(HarnList.Create(response.ToolCalls.Select(Value.FromDict))))
            .With("blocks", Value.FromList(HarnList.Create(response.EffectiveBlocks().Select(Value.FromDict))))
            .With("stop_reason", Value.FromString(response.EffectiveStopReason))
            .With("transcript", Value.FromDict(transcript.ToDict()));
        if (response.Thinking is { } thinking)
        {
            result = result.With("thinking", Value.FromString(thinking)).With("private_reasoning", Value.FromString(thinking));
        }

        if (response.ThinkingSummary is { } summary)
        {
            result = result.With("thinking_summary", Value.FromString(summary));
        }

        if (spec.JsonMode)
        {
            result = result.With("data", outcome.HasData ? outcome.Data : Value.Nil);
            if (outcome.FailureCategory is not null)
            {
                result = result.With("validation_errors", HostValues.Strings(outcome.Errors));
            }
        }

        return result;
    }

    public static HarnDict Usage(LlmResponse response) => HarnDict.Empty
        .With("input_tokens", Value.FromInt(response.InputTokens))
        .With("output_tokens", Value.FromInt(response.OutputTokens))
        .With("cache_read_tokens", Value.FromInt(response.CacheReadTokens))
        .With("cache_write_tokens", Value.FromInt(response.CacheWriteTokens))
        .With("cache_creation_input_tokens", Value.FromInt(response.CacheWriteTokens))
        .With("cache_hit_ratio", Value.FromFloat(response.InputTokens == 0 ? 0 : (double)response.CacheReadTokens / response.InputTokens))
        .With("cache_savings_usd", Value.FromFloat(ProviderCatalog.CacheSavings(response.Model, response.CacheReadTokens, response.CacheWriteTokens)));
}
