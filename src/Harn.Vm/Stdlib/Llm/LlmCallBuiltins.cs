using Harn.Runtime;
using Harn.Stdlib.Concurrency;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>
/// <c>llm_call</c> and its envelopes (<c>_safe</c>, <c>_structured</c>, <c>_structured_safe</c>,
/// <c>_structured_result</c>), <c>llm_completion</c> and <c>llm_stream</c>.
/// </summary>
internal static class LlmCallBuiltins
{
    private const int DefaultStructuredRetries = 3;

    public static void Register(BuiltinRegistry registry, LlmLibrary library)
    {
        registry.Register("llm_call", (ctx, args) => Value.FromDict(Call(ctx, library.StateOf(ctx), Spec(args))));
        registry.Register("llm_call_safe", (ctx, args) =>
        {
            var spec = Spec(args);
            return Safe(ctx, () => Value.FromDict(Call(ctx, library.StateOf(ctx), spec)), "response");
        });
        registry.Register("llm_call_structured", (ctx, args) => Structured(ctx, library.StateOf(ctx), args));
        registry.Register("llm_call_structured_safe", (ctx, args) =>
        {
            var spec = StructuredSpec(args, "llm_call_structured_safe");
            return Safe(ctx, () => Call(ctx, library.StateOf(ctx), spec).Get("data"), "data");
        });
        registry.Register("llm_call_structured_result", (ctx, args) => StructuredResult(ctx, library.StateOf(ctx), args));
        registry.Register("llm_completion", (ctx, args) => Completion(ctx, library.StateOf(ctx), args));
        registry.Register("llm_stream", (ctx, args) => Stream(ctx, library.StateOf(ctx), args));
    }

    /// <summary><c>(prompt, system?, options?)</c>, or a single options dict carrying <c>prompt</c> and <c>system</c>.</summary>
    private static LlmCallSpec Spec(ReadOnlySpan<Value> args)
    {
        var first = Args.At(args, 0);
        if (first.Kind == ValueKind.Dict && args.Length == 1)
        {
            var options = first.AsDict;
            return LlmCallSpec.Parse(options.Get("prompt"), options.Get("system"), options);
        }

        return LlmCallSpec.Parse(first, Args.At(args, 1), HostValues.Options(args, 2, "llm_call"));
    }

    /// <summary>Runs the pipeline and applies <c>output_validation: "error"</c>; failures surface as the categorized error dict.</summary>
    public static HarnDict Call(BuiltinContext context, LlmRunState state, LlmCallSpec spec)
    {
        var (request, experiment) = StructuralExperiments.Apply(context, spec.Request);
        if (experiment is not null)
        {
            spec = spec.WithRequest(request, spec.OnRetry);
            spec.Experiment = experiment;
        }

        var outcome = Execute(context, state, spec);
        if (outcome.FailureCategory is not null && spec.OutputValidation == "error")
        {
            throw LlmCaller.OutcomeError(outcome).ToException();
        }

        return LlmCaller.ResultDict(spec, outcome);
    }

    public static StructuredOutcome Execute(BuiltinContext context, LlmRunState state, LlmCallSpec spec)
    {
        spec = ToolSearchRequest.Apply(state, spec);
        try
        {
            return LlmCaller.Run(context, state, spec);
        }
        catch (LlmFailure failure)
        {
            throw failure.Error.ToException();
        }
    }

    /// <summary>Wraps a call as <c>{ok, &lt;field&gt;, error}</c>; cancellation of the run still propagates.</summary>
    private static Value Safe(BuiltinContext context, Func<Value> call, string field)
    {
        try
        {
            var value = call();
            return Value.FromDict(HarnDict.Empty.With("ok", Value.True).With(field, value).With("error", Value.Nil));
        }
        catch (HarnRuntimeException error) when (!context.CancellationToken.IsCancellationRequested)
        {
            return Value.FromDict(HarnDict.Empty
                .With("ok", Value.False)
                .With(field, Value.Nil)
                .With("error", Value.FromDict(LlmError.FromCaught(error.CatchValue, "", ""))));
        }
    }

    /// <summary>The options of the structured helpers: JSON mode, validation errors and three schema retries unless overridden.</summary>
    private static LlmCallSpec StructuredSpec(ReadOnlySpan<Value> args, string function, HarnDict? overrides = null)
    {
        var schema = Args.At(args, 1);
        if (schema.Kind != ValueKind.Dict)
        {
            throw Args.Expected(function, "a schema dict as the second argument", schema);
        }

        var options = HostValues.Options(args, 2, function);
        foreach (var (key, value) in overrides ?? HarnDict.Empty)
        {
            options = options.With(key, value);
        }

        var retries = options.GetInt("retries") ?? options.GetInt("schema_retries") ?? DefaultStructuredRetries;
        options = options
            .With("output_schema", schema)
            .With("response_format", Value.FromString("json"))
            .With("output_validation", Value.FromString(options.GetString("output_validation") ?? "error"))
            .With("schema_retries", Value.FromInt(retries));
        return LlmCallSpec.Parse(Args.At(args, 0), Value.Nil, options);
    }

    private static Value Structured(BuiltinContext context, LlmRunState state, ReadOnlySpan<Value> args)
    {
        return Call(context, state, StructuredSpec(args, "llm_call_structured")).Get("data");
    }

    private static Value StructuredResult(BuiltinContext context, LlmRunState state, ReadOnlySpan<Value> args)
    {
        var spec = StructuredSpec(args, "llm_call_structured_result");
        StructuredOutcome outcome;
        try
        {
            outcome = LlmCaller.Run(context, state, spec);
        }
        catch (LlmFailure failure)
        {
            return Envelope(false, Value.Nil, string.Empty, failure.Error.Message, failure.Error.Category, 0, false, false, null, spec.Request.Provider, spec.Request.Model);
        }

        if (outcome.FailureCategory is null)
        {
            return Envelope(true, outcome.Data, outcome.Response.Text, string.Empty, null, outcome.Attempts, false, outcome.Extracted, outcome.Response, outcome.Response.Provider, outcome.Response.Model);
        }

        var repair = spec.Request.Options.Get("repair", Value.Nil);
        var repairEnabled = repair.Kind == ValueKind.Dict ? repair.AsDict.GetBool("enabled", true) : Truthiness.IsTruthy(repair);
        if (!repairEnabled)
        {
            return Envelope(false, Value.Nil, outcome.Response.Text, outcome.FailureMessage, outcome.FailureCategory, outcome.Attempts, false, outcome.Extracted, outcome.Response, outcome.Response.Provider, outcome.Response.Model);
        }

        var repaired = Repair(context, state, spec, outcome, repair.Kind == ValueKind.Dict ? repair.AsDict : HarnDict.Empty);
        return repaired is { FailureCategory: null }
            ? Envelope(true, repaired.Data, outcome.Response.Text, string.Empty, null, outcome.Attempts, true, outcome.Extracted, repaired.Response, repaired.Response.Provider, repaired.Response.Model)
            : Envelope(false, Value.Nil, outcome.Response.Text, "repair pass failed: " + outcome.FailureMessage, "repair_failed", outcome.Attempts, false, outcome.Extracted, outcome.Response, outcome.Response.Provider, outcome.Response.Model);
    }

    /// <summary>One extra call asking the model to fix its malformed output; null when that call itself failed.</summary>
    private static StructuredOutcome? Repair(BuiltinContext context, LlmRunState state, LlmCallSpec spec, StructuredOutcome failed, HarnDict overrides)
    {
        var options = spec.Request.Options.Without("repair").Without("messages").Without("transcript").With("schema_retries", Value.FromInt(0));
        foreach (var (key, value) in overrides)
        {
            if (key != "enabled")
            {
                options = options.With(key, value);
            }
        }

        var prompt = "The following output should be JSON matching this schema but is not valid: "
            + string.Join("; ", failed.Errors) + ".\nSchema: " + JsonConversion.Stringify(Value.FromDict(spec.Schema ?? HarnDict.Empty))
            + "\nOutput to repair:\n" + failed.Response.Text + "\nRespond with only the corrected JSON.";
        try
        {
            return LlmCaller.Run(context, state, LlmCallSpec.Parse(Value.FromString(prompt), Value.Nil, options));
        }
        catch (LlmFailure)
        {
            return null;
        }
    }

    private static Value Envelope(bool ok, Value data, string rawText, string error, string? category, int attempts, bool repaired, bool extracted, LlmResponse? response, string provider, string model)
    {
        var usage = response is null
            ? LlmCaller.Usage(new LlmResponse { Provider = provider, Model = model })
            : LlmCaller.Usage(response);
        return Value.FromDict(HarnDict.Empty
            .With("ok", Value.FromBool(ok))
            .With("data", data)
            .With("raw_text", Value.FromString(rawText))
            .With("error", Value.FromString(error))
            .With("error_category", category is null ? Value.Nil : Value.FromString(category))
            .With("attempts", Value.FromInt(attempts))
            .With("repaired", Value.FromBool(repaired))
            .With("extracted_json", Value.FromBool(extracted))
            .With("usage", Value.FromDict(usage))
            .With("model", Value.FromString(model))
            .With("provider", Value.FromString(provider)));
    }

    /// <summary><c>llm_completion(prefix, suffix?, system?, options?)</c>: text continuation between a prefix and a suffix.</summary>
    private static Value Completion(BuiltinContext context, LlmRunState state, ReadOnlySpan<Value> args)
    {
        var prefix = Args.At(args, 0).Kind == ValueKind.String ? Args.At(args, 0).AsString : string.Empty;
        var suffix = Args.At(args, 1).Kind == ValueKind.String ? Args.At(args, 1).AsString : string.Empty;
        var options = HostValues.Options(args, 3, "llm_completion").With("completion_suffix", Value.FromString(suffix));
        var prompt = suffix.Length == 0
            ? "Continue this text. Reply with only the continuation.\n\n" + prefix
            : "Fill in the text between PREFIX and SUFFIX. Reply with only the missing text.\nPREFIX:\n" + prefix + "\nSUFFIX:\n" + suffix;
        var spec = LlmCallSpec.Parse(Value.FromString(prompt), Args.At(args, 2), options);
        var outcome = spec.Request.Provider == "mock"
            ? new StructuredOutcome { Response = MockCompletion(state, spec.Request, prefix, suffix), Attempts = 1 }
            : Execute(context, state, spec);
        return Value.FromDict(LlmCaller.ResultDict(spec, outcome));
    }

    private static LlmResponse MockCompletion(LlmRunState state, LlmRequest request, string prefix, string suffix)
    {
        var response = state.Mock.Complete(request, prefix, suffix);
        state.Account(response, 0);
        return response;
    }

    /// <summary><c>llm_stream(prompt, system?, options?)</c>: a channel of the answer's text chunks, closed after the last one.</summary>
    private static Value Stream(BuiltinContext context, LlmRunState state, ReadOnlySpan<Value> args)
    {
        var spec = LlmCallSpec.Parse(Args.At(args, 0), Args.At(args, 1), HostValues.Options(args, 2, "llm_stream"));
        var chunks = new List<string>();
        try
        {
            LlmCaller.SendWithRetries(context, state, spec.Request, spec.LlmRetries, spec.BackoffMs, chunks.Add);
        }
        catch (LlmFailure failure)
        {
            throw failure.Error.ToException();
        }

        var channel = new HarnChannel("llm_stream", Math.Max(1, chunks.Count));
        foreach (var chunk in chunks)
        {
            channel.TrySend(Value.FromString(chunk));
        }

        channel.Close();
        return Value.FromObject(ValueKind.Channel, channel);
    }
}
