using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>
/// The options of one <c>llm_call</c> after parsing: the request itself plus the pipeline knobs
/// around it (transport retries and backoff, JSON mode, schema, validation mode, schema retries).
/// </summary>
internal sealed class LlmCallSpec
{
    public required LlmRequest Request { get; init; }

    public int LlmRetries { get; init; }

    public long BackoffMs { get; init; } = 250;

    public bool JsonMode { get; init; }

    public HarnDict? Schema { get; init; }

    /// <summary><c>error</c> throws on invalid output; anything else returns it.</summary>
    public string OutputValidation { get; init; } = "warn";

    public int SchemaRetries { get; init; }

    public bool SchemaRetryNudge { get; init; } = true;

    /// <summary>The transcript the call continues, if any.</summary>
    public HarnDict? Transcript { get; init; }

    /// <summary>The structural experiment applied to the request, recorded as a <c>provider_payload</c> transcript event.</summary>
    public HarnDict? Experiment { get; set; }

    /// <summary>Told about each transport failure that is about to be retried.</summary>
    public Action<LlmError>? OnRetry { get; init; }

    /// <summary>The same pipeline settings around another request.</summary>
    public LlmCallSpec WithRequest(LlmRequest request, Action<LlmError>? onRetry) => new()
    {
        Request = request,
        LlmRetries = LlmRetries,
        BackoffMs = BackoffMs,
        JsonMode = JsonMode,
        Schema = Schema,
        OutputValidation = OutputValidation,
        SchemaRetries = SchemaRetries,
        SchemaRetryNudge = SchemaRetryNudge,
        Transcript = Transcript,
        OnRetry = onRetry,
    };

    public static LlmCallSpec Parse(Value prompt, Value system, HarnDict options, int defaultRetries = 0, long defaultBackoff = 250, int defaultSchemaRetries = 0)
    {
        var transcript = options.GetDict("transcript");
        var messages = new List<HarnDict>();
        if (options.Get("messages", Value.Nil) is { Kind: ValueKind.List } explicitMessages)
        {
            messages.AddRange(explicitMessages.AsList.Where(m => m.Kind == ValueKind.Dict).Select(m => m.AsDict));
        }
        else
        {
            if (transcript?.Get("messages", Value.Nil) is { Kind: ValueKind.List } prior)
            {
                messages.AddRange(prior.AsList.Where(m => m.Kind == ValueKind.Dict).Select(m => m.AsDict));
            }

            if (!prompt.IsNil)
            {
                messages.Add(UserMessage(prompt));
            }
        }

        var systemText = system.Kind == ValueKind.String ? system.AsString : options.GetString("system");
        var (model, provider) = SelectModel(options);
        var outputFormat = options.GetDict("output_format");
        var schemaValue = options.Get("output_schema", options.Get("json_schema", options.Get("schema", outputFormat?.Get("schema", Value.Nil) ?? Value.Nil)));
        var schema = schemaValue.Kind == ValueKind.Dict ? schemaValue.AsDict : null;
        var jsonMode = options.GetString("response_format") == "json"
            || outputFormat is not null
            || schema is not null;
        return new LlmCallSpec
        {
            Request = new LlmRequest
            {
                Provider = provider,
                Model = model,
                Messages = messages,
                System = systemText,
                Tools = NativeTools(options.Get("tools", Value.Nil)),
                Options = options,
                Stream = options.GetBool("stream", Environment.GetEnvironmentVariable("HARN_LLM_STREAM") is not ("0" or "false")),
            },
            LlmRetries = (int)Math.Max(0, options.GetInt("llm_retries") ?? defaultRetries),
            BackoffMs = Math.Max(0, options.GetInt("llm_backoff_ms") ?? defaultBackoff),
            JsonMode = jsonMode,
            Schema = schema,
            OutputValidation = options.GetString("output_validation") ?? "warn",
            SchemaRetries = (int)Math.Max(0, options.GetInt("schema_retries") ?? defaultSchemaRetries),
            SchemaRetryNudge = options.GetBool("schema_retry_nudge", true),
            Transcript = transcript,
        };
    }

    public static HarnDict UserMessage(Value content) => HarnDict.Empty
        .With("role", Value.FromString("user"))
        .With("content", content.Kind is ValueKind.String or ValueKind.List ? content : Value.FromString(ValueFormatter.Display(content)));

    /// <summary>Model and provider: <c>model</c> or <c>model_tier</c>, <c>HARN_LLM_MODEL</c>, then the provider's default.</summary>
    public static (string Model, string Provider) SelectModel(HarnDict options)
    {
        var requested = options.GetString("model") ?? options.GetString("model_tier");
        string? resolvedProvider = null;
        if (requested is not null)
        {
            (requested, resolvedProvider) = ProviderCatalog.Resolve(requested);
        }

        var explicitProvider = options.GetString("provider");
        requested ??= explicitProvider is null ? Environment.GetEnvironmentVariable("HARN_LLM_MODEL") is { Length: > 0 } fromEnv ? fromEnv : null : null;
        var provider = explicitProvider is not null && explicitProvider != "auto"
            ? explicitProvider
            : resolvedProvider ?? ProviderCatalog.SelectProvider(null, requested);
        var model = requested ?? ProviderCatalog.Find(provider)?.DefaultModel ?? provider;
        if (provider == "mock" && options.GetString("model") is null)
        {
            model = "mock";
        }

        return (model, provider);
    }

    /// <summary>Native tool schemas from a registry dict (<c>{tools: [...]}</c>) or a list of tool dicts.</summary>
    public static IReadOnlyList<HarnDict> NativeTools(Value tools)
    {
        var entries = tools.Kind switch
        {
            ValueKind.List => tools.AsList,
            ValueKind.Dict when tools.AsDict.Get("tools", Value.Nil) is { Kind: ValueKind.List } list => list.AsList,
            _ => HarnList.Empty,
        };
        var result = new List<HarnDict>();
        foreach (var entry in entries)
        {
            if (entry.Kind != ValueKind.Dict || entry.AsDict.GetString("name") is not { } name)
            {
                continue;
            }

            var tool = entry.AsDict;
            var parameters = tool.Get("parameters", tool.Get("input_schema", tool.Get("schema", Value.FromDict(HarnDict.Empty))));
            result.Add(HarnDict.Empty
                .With("name", Value.FromString(name))
                .With("description", Value.FromString(tool.GetString("description") ?? string.Empty))
                .With("parameters", Value.FromDict(JsonSchemaOf(parameters))));
        }

        return result;
    }

    /// <summary>A JSON Schema object for tool parameters given either as one or as a map of name to property schema.</summary>
    public static HarnDict JsonSchemaOf(Value parameters)
    {
        if (parameters.Kind != ValueKind.Dict)
        {
            return HarnDict.Empty.With("type", Value.FromString("object")).With("properties", Value.FromDict(HarnDict.Empty));
        }

        var dict = parameters.AsDict;
        if (dict.GetString("type") == "object" && (dict.ContainsKey("properties") || dict.Count == 1))
        {
            return dict;
        }

        var properties = HarnDict.Empty;
        var required = new List<Value>();
        foreach (var (name, property) in dict)
        {
            var schema = property.Kind == ValueKind.Dict ? property.AsDict : HarnDict.Empty.With("type", property);
            var optional = schema.TryGetValue("required", out var flag) && flag.Kind == ValueKind.Bool && !flag.AsBool || schema.ContainsKey("default");
            if (!optional)
            {
                required.Add(Value.FromString(name));
            }

            properties = properties.With(name, Value.FromDict(schema.Without("required")));
        }

        return HarnDict.Empty
            .With("type", Value.FromString("object"))
            .With("properties", Value.FromDict(properties))
            .With("required", Value.FromList(HarnList.Create(required)));
    }
}
