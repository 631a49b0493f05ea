using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm.Providers;

/// <summary>Anthropic Messages: top-level <c>system</c>, content blocks, <c>tool_use</c>/<c>tool_result</c> blocks, SSE events.</summary>
internal sealed class AnthropicWire : IProviderWire
{
    public static readonly AnthropicWire Instance = new();

    private const long DefaultMaxTokens = 16_384;

    public bool NdJson => false;

    public void Authorize(HttpRequestMessage message, string? apiKey)
    {
        if (apiKey is not null)
        {
            message.Headers.TryAddWithoutValidation("x-api-key", apiKey);
        }

        message.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");
    }

    public HarnDict Body(LlmRequest request, bool stream)
    {
        var body = WireJson.Object(
            ("model", Value.FromString(request.Model)),
            ("max_tokens", Value.FromInt(request.MaxTokens ?? DefaultMaxTokens)),
            ("system", WireJson.Str(request.System)),
            ("messages", WireJson.List(request.Messages.Select(Message))),
            ("stream", Value.FromBool(stream)));
        if (request.Tools.Count > 0)
        {
            body = body.With("tools", WireJson.List(request.Tools.Select(Tool)));
        }

        if (request.Options.Get("thinking", Value.Nil) is { IsNil: false } thinking && Truthiness.IsTruthy(thinking))
        {
            var budget = thinking.Kind == ValueKind.Dict ? thinking.AsDict.GetInt("budget_tokens") ?? 10_000 : 10_000;
            body = body.With("thinking", Value.FromDict(WireJson.Object(("type", Value.FromString("enabled")), ("budget_tokens", Value.FromInt(budget)))));
        }

        return WireJson.CopySettings(body, request.Options, ("temperature", "temperature"), ("top_p", "top_p"), ("top_k", "top_k"), ("stop", "stop_sequences"));
    }

    /// <summary>
    /// A tool as Anthropic takes it; deferred tools keep <c>defer_loading: true</c> (Anthropic
    /// ignores <c>namespace</c>, so it stays off the wire) and the tool-search meta-tool passes as it is.
    /// </summary>
    private static HarnDict Tool(HarnDict tool)
    {
        if (tool.ContainsKey("type"))
        {
            return tool;
        }

        var wire = WireJson.Object(
            ("name", tool.Get("name")),
            ("description", tool.Get("description")),
            ("input_schema", tool.Get("parameters")));
        return tool.TryGetValue("defer_loading", out var deferred) ? wire.With("defer_loading", deferred) : wire;
    }

    private static HarnDict Message(HarnDict message)
    {
        var role = message.GetString("role") ?? "user";
        var content = message.Get("content");
        if (role == "tool")
        {
            return WireJson.Object(
                ("role", Value.FromString("user")),
                ("content", WireJson.List([WireJson.Object(
                    ("type", Value.FromString("tool_result")),
                    ("tool_use_id", message.Get("tool_call_id")),
                    ("content", Value.FromString(LlmRequest.ContentText(content))))])));
        }

        var calls = WireJson.Items(message, "tool_calls");
        if (calls.Count == 0)
        {
            return WireJson.Object(("role", Value.FromString(role)), ("content", content.Kind == ValueKind.List ? Value.FromList(HarnList.Create(content.AsList.Select(Block))) : content));
        }

        var blocks = new List<HarnDict>();
        if (LlmRequest.ContentText(content) is { Length: > 0 } text)
        {
            blocks.Add(WireJson.Object(("type", Value.FromString("text")), ("text", Value.FromString(text))));
        }

        blocks.AddRange(WireJson.Dicts(calls).Select(call => WireJson.Object(
            ("type", Value.FromString("tool_use")),
            ("id", call.Get("id")),
            ("name", call.Get("name")),
            ("input", call.Get("arguments", Value.FromDict(HarnDict.Empty))))));
        return WireJson.Object(("role", Value.FromString(role)), ("content", WireJson.List(blocks)));
    }

    private static Value Block(Value block)
    {
        if (block.Kind != ValueKind.Dict || block.AsDict.GetString("type") != "image")
        {
            return block;
        }

        var image = block.AsDict;
        var source = image.GetString("url") is { } url
            ? WireJson.Object(("type", Value.FromString("url")), ("url", Value.FromString(url)))
            : WireJson.Object(("type", Value.FromString("base64")), ("media_type", image.Get("media_type")), ("data", image.Get("base64")));
        return Value.FromDict(WireJson.Object(("type", Value.FromString("image")), ("source", Value.FromDict(source))));
    }

    public LlmResponse Parse(HarnDict body, LlmRequest request)
    {
        var text = new System.Text.StringBuilder();
        var thinking = new System.Text.StringBuilder();
        var calls = new List<HarnDict>();
        foreach (var block in WireJson.Dicts(WireJson.Items(body, "content")))
        {
            switch (block.GetString("type"))
            {
                case "text":
                    text.Append(block.GetString("text"));
                    break;
                case "thinking":
                    thinking.Append(block.GetString("thinking"));
                    break;
                case "tool_use":
                    calls.Add(WireJson.ToolCall(block.GetString("id") ?? string.Empty, block.GetString("name") ?? string.Empty, block.Get("input", Value.FromDict(HarnDict.Empty))));
                    break;
            }
        }

        var usage = body.GetDict("usage");
        var cacheRead = WireJson.Int(usage, "cache_read_input_tokens");
        var cacheWrite = WireJson.Int(usage, "cache_creation_input_tokens");
        return new LlmResponse
        {
            Text = text.ToString(),
            ToolCalls = calls,
            Provider = request.Provider,
            Model = body.GetString("model") ?? request.Model,
            InputTokens = WireJson.Int(usage, "input_tokens") + cacheRead + cacheWrite,
            OutputTokens = WireJson.Int(usage, "output_tokens"),
            CacheReadTokens = cacheRead,
            CacheWriteTokens = cacheWrite,
            Thinking = thinking.Length > 0 ? thinking.ToString() : null,
            StopReason = body.GetString("stop_reason"),
        };
    }

    public void Apply(StreamingAnswer answer, HarnDict payload, string? eventName)
    {
        var index = (int)(payload.GetInt("index") ?? 0);
        switch (payload.GetString("type") ?? eventName)
        {
            case "message_start":
                var message = payload.GetDict("message") ?? HarnDict.Empty;
                answer.Model ??= message.GetString("model");
                var usage = message.GetDict("usage");
                answer.CacheReadTokens = WireJson.Int(usage, "cache_read_input_tokens");
                answer.CacheWriteTokens = WireJson.Int(usage, "cache_creation_input_tokens");
                answer.InputTokens = WireJson.Int(usage, "input_tokens") + answer.CacheReadTokens + answer.CacheWriteTokens;
                answer.OutputTokens = WireJson.Int(usage, "output_tokens");
                break;
            case "content_block_start":
                if (payload.GetDict("content_block") is { } block && block.GetString("type") == "tool_use")
                {
                    answer.StartCall(index, block.GetString("id"), block.GetString("name"));
                }

                break;
            case "content_block_delta":
                var delta = payload.GetDict("delta") ?? HarnDict.Empty;
                switch (delta.GetString("type"))
                {
                    case "text_delta":
                        answer.Text(delta.GetString("text") ?? string.Empty);
                        break;
                    case "thinking_delta":
                        answer.Thinking(delta.GetString("thinking") ?? string.Empty);
                        break;
                    case "input_json_delta":
                        answer.CallArguments(index, delta.GetString("partial_json") ?? string.Empty);
                        break;
                }

                break;
            case "message_delta":
                answer.StopReason = payload.GetDict("delta")?.GetString("stop_reason") ?? answer.StopReason;
                if (payload.GetDict("usage")?.GetInt("output_tokens") is { } output)
                {
                    answer.OutputTokens = output;
                }

                break;
            case "error":
                var error = payload.GetDict("error") ?? HarnDict.Empty;
                var category = error.GetString("type") switch
                {
                    "overloaded_error" => "overloaded",
                    "rate_limit_error" => "rate_limit",
                    "authentication_error" or "permission_error" => "auth",
                    "not_found_error" => "not_found",
                    "api_error" => "server_error",
                    _ => "generic",
                };
                throw new LlmFailure(new LlmError(category, "anthropic stream error: " + (error.GetString("message") ?? "unknown"), null, "anthropic", answer.Model ?? string.Empty));
        }
    }
}
