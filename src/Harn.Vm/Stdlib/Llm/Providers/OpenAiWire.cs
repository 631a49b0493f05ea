using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm.Providers;

/// <summary>OpenAI-compatible chat completions (OpenAI, OpenRouter, Together, Groq, DeepSeek, vLLM/TGI, local servers).</summary>
internal sealed class OpenAiWire : IProviderWire
{
    public static readonly OpenAiWire Instance = new();

    public bool NdJson => false;

    public void Authorize(HttpRequestMessage message, string? apiKey)
    {
        if (apiKey is not null)
        {
            message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    public HarnDict Body(LlmRequest request, bool stream)
    {
        var messages = new List<HarnDict>();
        if (request.System is { } system)
        {
            messages.Add(WireJson.Object(("role", Value.FromString("system")), ("content", Value.FromString(system))));
        }

        messages.AddRange(request.Messages.Select(Message));
        var body = WireJson.Object(
            ("model", Value.FromString(request.Model)),
            ("messages", WireJson.List(messages)),
            ("stream", Value.FromBool(stream)));
        if (stream)
        {
            body = body.With("stream_options", Value.FromDict(HarnDict.Empty.With("include_usage", Value.True)));
        }

        if (request.Tools.Count > 0)
        {
            body = body.With("tools", WireJson.List(request.Tools.Select(Tool)));
            if (request.Options.Get("tool_choice", Value.Nil) is { IsNil: false } choice)
            {
                body = body.With("tool_choice", choice.Kind == ValueKind.Dict && choice.AsDict.GetString("name") is { } name
                    ? Value.FromDict(WireJson.Object(("type", Value.FromString("function")), ("function", Value.FromDict(HarnDict.Empty.With("name", Value.FromString(name))))))
                    : choice);
            }
        }

        if (request.Options.GetString("response_format") == "json")
        {
            body = body.With("response_format", Value.FromDict(HarnDict.Empty.With("type", Value.FromString("json_object"))));
        }

        return WireJson.CopySettings(body, request.Options,
            ("max_tokens", "max_tokens"), ("temperature", "temperature"), ("top_p", "top_p"), ("stop", "stop"),
            ("seed", "seed"), ("frequency_penalty", "frequency_penalty"), ("presence_penalty", "presence_penalty"));
    }

    /// <summary>
    /// A function tool, with tool search's <c>defer_loading</c> and <c>namespace</c> on the
    /// wrapper; the <c>tool_search</c> meta-tool (which carries a <c>type</c>) passes as it is.
    /// </summary>
    private static HarnDict Tool(HarnDict tool)
    {
        if (tool.ContainsKey("type"))
        {
            return tool;
        }

        var wrapper = WireJson.Object(
            ("type", Value.FromString("function")),
            ("function", Value.FromDict(tool.Without("defer_loading").Without("namespace"))));
        foreach (var key in new[] { "defer_loading", "namespace" })
        {
            if (tool.TryGetValue(key, out var value))
            {
                wrapper = wrapper.With(key, value);
            }
        }

        return wrapper;
    }

    private static HarnDict Message(HarnDict message)
    {
        var role = message.GetString("role") ?? "user";
        var content = message.Get("content");
        if (role == "tool")
        {
            return WireJson.Object(
                ("role", Value.FromString("tool")),
                ("tool_call_id", message.Get("tool_call_id")),
                ("content", Value.FromString(LlmRequest.ContentText(content))));
        }

        var wire = WireJson.Object(("role", Value.FromString(role)), ("content", content.Kind == ValueKind.List ? Value.FromList(HarnList.Create(content.AsList.Select(Block))) : content));
        if (WireJson.Items(message, "tool_calls") is { Count: > 0 } calls)
        {
            wire = wire.With("tool_calls", WireJson.List(WireJson.Dicts(calls).Select(call => WireJson.Object(
                ("id", call.Get("id")),
                ("type", Value.FromString("function")),
                ("function", Value.FromDict(WireJson.Object(
                    ("name", call.Get("name")),
                    ("arguments", Value.FromString(JsonConversion.Stringify(call.Get("arguments", Value.FromDict(HarnDict.Empty))))))))))));
        }

        return wire;
    }

    private static Value Block(Value block)
    {
        if (block.Kind != ValueKind.Dict || block.AsDict.GetString("type") != "image")
        {
            return block;
        }

        var image = block.AsDict;
        var url = image.GetString("url") ?? $"data:{image.GetString("media_type") ?? "image/png"};base64,{image.GetString("base64")}";
        return Value.FromDict(WireJson.Object(
            ("type", Value.FromString("image_url")),
            ("image_url", Value.FromDict(WireJson.Object(("url", Value.FromString(url)), ("detail", image.Get("detail")))))));
    }

    public LlmResponse Parse(HarnDict body, LlmRequest request)
    {
        var choice = WireJson.Dicts(WireJson.Items(body, "choices")).FirstOrDefault() ?? HarnDict.Empty;
        var message = choice.GetDict("message") ?? HarnDict.Empty;
        var usage = body.GetDict("usage");
        var calls = WireJson.Dicts(WireJson.Items(message, "tool_calls")).Select(call =>
        {
            var function = call.GetDict("function") ?? HarnDict.Empty;
            return WireJson.ToolCall(call.GetString("id") ?? string.Empty, function.GetString("name") ?? string.Empty, WireJson.ParseArguments(function.GetString("arguments") ?? string.Empty));
        }).ToList();
        return new LlmResponse
        {
            Text = message.GetString("content") ?? string.Empty,
            ToolCalls = calls,
            Provider = request.Provider,
            Model = body.GetString("model") ?? request.Model,
            InputTokens = WireJson.Int(usage, "prompt_tokens"),
            OutputTokens = WireJson.Int(usage, "completion_tokens"),
            CacheReadTokens = WireJson.Int(usage?.GetDict("prompt_tokens_details"), "cached_tokens"),
            Thinking = message.GetString("reasoning_content") ?? message.GetString("reasoning"),
            StopReason = StopReason(choice.GetString("finish_reason")),
        };
    }

    public void Apply(StreamingAnswer answer, HarnDict payload, string? eventName)
    {
        answer.Model ??= payload.GetString("model");
        if (payload.GetDict("usage") is { } usage)
        {
            answer.InputTokens = WireJson.Int(usage, "prompt_tokens");
            answer.OutputTokens = WireJson.Int(usage, "completion_tokens");
            answer.CacheReadTokens = WireJson.Int(usage.GetDict("prompt_tokens_details"), "cached_tokens");
        }

        foreach (var choice in WireJson.Dicts(WireJson.Items(payload, "choices")))
        {
            if (choice.GetString("finish_reason") is { } finish)
            {
                answer.StopReason = StopReason(finish);
            }

            var delta = choice.GetDict("delta") ?? HarnDict.Empty;
            answer.Text(delta.GetString("content") ?? string.Empty);
            if ((delta.GetString("reasoning_content") ?? delta.GetString("reasoning")) is { } reasoning)
            {
                answer.Thinking(reasoning);
            }

            foreach (var call in WireJson.Dicts(WireJson.Items(delta, "tool_calls")))
            {
                var index = (int)(call.GetInt("index") ?? answer.CallCount);
                var function = call.GetDict("function") ?? HarnDict.Empty;
                answer.StartCall(index, call.GetString("id"), function.GetString("name"));
                answer.CallArguments(index, function.GetString("arguments") ?? string.Empty);
            }
        }
    }

    private static string? StopReason(string? finish) => finish switch
    {
        null => null,
        "stop" => "end_turn",
        "length" => "max_tokens",
        "tool_calls" or "function_call" => "tool_use",
        _ => finish,
    };
}
