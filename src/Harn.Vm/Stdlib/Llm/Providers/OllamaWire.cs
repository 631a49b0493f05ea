using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm.Providers;

/// <summary>Ollama <c>/api/chat</c>: OpenAI-like messages, tool arguments as objects, NDJSON streaming.</summary>
internal sealed class OllamaWire : IProviderWire
{
    public static readonly OllamaWire Instance = new();

    public bool NdJson => true;

    public void Authorize(HttpRequestMessage message, string? apiKey)
    {
    }

    public HarnDict Body(LlmRequest request, bool stream)
    {
        var messages = new List<HarnDict>();
        if (request.System is { } system)
        {
            messages.Add(WireJson.Object(("role", Value.FromString("system")), ("content", Value.FromString(system))));
        }

        foreach (var message in request.Messages)
        {
            var content = message.Get("content");
            var wire = WireJson.Object(
                ("role", message.Get("role")),
                ("content", Value.FromString(LlmRequest.ContentText(content))));
            var images = content.Kind == ValueKind.List
                ? content.AsList.Where(b => b.Kind == ValueKind.Dict && b.AsDict.GetString("type") == "image").Select(b => b.AsDict).ToList()
                : [];
            if (images.Any(image => image.GetString("url") is not null))
            {
                throw new LlmFailure(new LlmError("generic", "ollama accepts only base64 image blocks, not url images", null, request.Provider, request.Model));
            }

            if (images.Count > 0)
            {
                wire = wire.With("images", Value.FromList(HarnList.Create(images.Select(image => image.Get("base64")))));
            }

            if (WireJson.Items(message, "tool_calls") is { Count: > 0 } calls)
            {
                wire = wire.With("tool_calls", WireJson.List(WireJson.Dicts(calls).Select(call => WireJson.Object(
                    ("function", Value.FromDict(WireJson.Object(("name", call.Get("name")), ("arguments", call.Get("arguments")))))))));
            }

            messages.Add(wire);
        }

        var settings = WireJson.CopySettings(HarnDict.Empty, request.Options, ("temperature", "temperature"), ("top_p", "top_p"), ("top_k", "top_k"), ("seed", "seed"), ("stop", "stop"), ("max_tokens", "num_predict"));
        foreach (var (key, value) in request.Options.GetDict("ollama") ?? HarnDict.Empty)
        {
            settings = settings.With(key, value);
        }

        var body = WireJson.Object(
            ("model", Value.FromString(request.Model)),
            ("messages", WireJson.List(messages)),
            ("stream", Value.FromBool(stream)),
            ("options", settings.Count == 0 ? Value.Nil : Value.FromDict(settings)));
        if (request.Options.GetString("response_format") == "json")
        {
            body = body.With("format", Value.FromString("json"));
        }

        return request.Tools.Count == 0
            ? body
            : body.With("tools", WireJson.List(request.Tools.Select(tool => WireJson.Object(("type", Value.FromString("function")), ("function", Value.FromDict(tool))))));
    }

    public LlmResponse Parse(HarnDict body, LlmRequest request)
    {
        var answer = new StreamingAnswer(null);
        Apply(answer, body, null);
        return answer.ToResponse(request.Provider, request.Model);
    }

    public void Apply(StreamingAnswer answer, HarnDict payload, string? eventName)
    {
        if (payload.GetString("error") is { } error)
        {
            throw new LlmFailure(new LlmError("generic", "ollama error: " + error, null, "ollama", answer.Model ?? string.Empty));
        }

        answer.Model ??= payload.GetString("model");
        var message = payload.GetDict("message") ?? HarnDict.Empty;
        answer.Text(message.GetString("content") ?? string.Empty);
        if (message.GetString("thinking") is { } thinking)
        {
            answer.Thinking(thinking);
        }

        foreach (var call in WireJson.Dicts(WireJson.Items(message, "tool_calls")))
        {
            var function = call.GetDict("function") ?? HarnDict.Empty;
            answer.CompleteCall(answer.CallCount, call.GetString("id"), function.GetString("name") ?? string.Empty, function.Get("arguments", Value.FromDict(HarnDict.Empty)));
        }

        if (payload.GetBool("done", false))
        {
            answer.InputTokens = WireJson.Int(payload, "prompt_eval_count");
            answer.OutputTokens = WireJson.Int(payload, "eval_count");
            answer.StopReason = answer.CallCount > 0 ? "tool_use" : payload.GetString("done_reason") == "length" ? "max_tokens" : "end_turn";
        }
    }
}
