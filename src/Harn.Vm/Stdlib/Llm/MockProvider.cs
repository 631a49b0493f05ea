using System.Globalization;
using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>
/// The <c>mock</c> provider of one run: replay fixtures (checked first), the <c>llm_mock</c>
/// queue (glob-matched entries in declaration order, then FIFO entries), the call log, mock
/// scopes and a simulated prompt cache. With nothing queued it answers deterministically from
/// the prompt, and a request offering tools always gets a call of the first tool (so an agent
/// loop over the default mock runs until its iteration budget).
/// </summary>
internal sealed class MockProvider
{
    private sealed class Scope
    {
        public List<MockEntry> Queue { get; } = [];

        public List<Value> Calls { get; } = [];
    }

    private readonly Stack<Scope> _outer = new();
    private readonly HashSet<string> _cachedPrefixes = new(StringComparer.Ordinal);
    private Scope _current = new();

    public MockProvider(IReadOnlyList<MockEntry> fixtures)
    {
        Fixtures = fixtures.ToList();
    }

    /// <summary>Replay fixtures installed by the host (a test's <c>.llm-mock.jsonl</c>).</summary>
    private List<MockEntry> Fixtures { get; }

    public void Enqueue(MockEntry entry) => _current.Queue.Add(entry);

    /// <summary>True while scripted answers wait: calls to any provider are then served by the mock transport.</summary>
    public bool HasScriptedAnswers => Fixtures.Count > 0 || _current.Queue.Count > 0;

    public void Clear()
    {
        _current.Queue.Clear();
        _current.Calls.Clear();
        _cachedPrefixes.Clear();
        _outer.Clear();
    }

    public void PushScope()
    {
        _outer.Push(_current);
        _current = new Scope();
    }

    public bool PopScope()
    {
        if (_outer.Count == 0)
        {
            return false;
        }

        _current = _outer.Pop();
        return true;
    }

    public HarnList Calls => HarnList.Create(_current.Calls);

    public static long EstimateTokens(string text) => (text.Length + 3) / 4;

    /// <summary>Answers one request (recording it), or fails with the queued error.</summary>
    public LlmResponse Answer(LlmRequest request)
    {
        Record(request);
        var prompt = request.PromptText();
        var entry = Take(Fixtures, prompt) ?? Take(_current.Queue, prompt);
        if (entry is not null)
        {
            if (entry.Error(request.Provider, request.Model) is { } error)
            {
                throw new LlmFailure(error);
            }

            return WithCache(request, entry.ToResponse(request));
        }

        if (Fixtures.Count > 0)
        {
            throw RuntimeErrors.Thrown("No --llm-mock fixture matched prompt: " + Preview(prompt));
        }

        return WithCache(request, Default(request));
    }

    /// <summary>Answers a completion request: a queued entry if any, else a description of the prefix and suffix lengths.</summary>
    public LlmResponse Complete(LlmRequest request, string prefix, string suffix)
    {
        Record(request);
        if (Take(_current.Queue, request.PromptText()) is { } entry)
        {
            return entry.Error(request.Provider, request.Model) is { } error ? throw error.ToException() : entry.ToResponse(request);
        }

        var text = $"Mock completion after {prefix.Length.ToString(CultureInfo.InvariantCulture)} chars before {suffix.Length.ToString(CultureInfo.InvariantCulture)} chars";
        return new LlmResponse { Text = text, Provider = "mock", Model = request.Model, InputTokens = EstimateTokens(prefix + suffix), OutputTokens = EstimateTokens(text) };
    }

    private static string Preview(string prompt) => prompt.Length <= 200 ? prompt : prompt[..200] + "...";

    private static MockEntry? Take(List<MockEntry> entries, string prompt)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Matcher is not null && entry.Matcher.IsMatch(prompt))
            {
                if (entry.ConsumeMatch)
                {
                    entries.RemoveAt(i);
                }

                return entry;
            }
        }

        var fifo = entries.FindIndex(entry => entry.Matcher is null);
        if (fifo < 0)
        {
            return null;
        }

        var taken = entries[fifo];
        entries.RemoveAt(fifo);
        return taken;
    }

    private void Record(LlmRequest request)
    {
        var thinking = request.Options.Get("thinking", Value.Nil);
        var thinkingDict = thinking.Kind == ValueKind.Dict
            ? thinking.AsDict.ContainsKey("mode") ? thinking.AsDict : thinking.AsDict.With("mode", Value.FromString("enabled"))
            : HarnDict.Empty.With("mode", Value.FromString(Truthiness.IsTruthy(thinking) ? "enabled" : "disabled"));
        var call = HarnDict.Empty
            .With("messages", Value.FromList(HarnList.Create(request.Messages.Select(Value.FromDict))))
            .With("system", request.System is null ? Value.Nil : Value.FromString(request.System))
            .With("tools", request.Tools.Count == 0 ? Value.Nil : Value.FromList(HarnList.Create(request.Tools.Select(WireTool))))
            .With("thinking", Value.FromDict(thinkingDict))
            .With("model", Value.FromString(request.Model))
            .With("provider", Value.FromString(request.Provider));
        _current.Calls.Add(Value.FromDict(call));
    }

    /// <summary>
    /// A tool as the OpenAI-compatible request payload carries it: <c>{type: "function", function:
    /// {name, description, parameters}}</c>, with tool search's <c>defer_loading</c> and
    /// <c>namespace</c> on the wrapper. Meta-tools (which carry a <c>type</c>) pass as they are.
    /// </summary>
    private static Value WireTool(HarnDict tool)
    {
        if (tool.ContainsKey("type"))
        {
            return Value.FromDict(tool);
        }

        var wrapper = HarnDict.Empty
            .With("type", Value.FromString("function"))
            .With("function", Value.FromDict(tool.Without("defer_loading").Without("namespace")));
        foreach (var key in ToolSearchWireFields)
        {
            if (tool.TryGetValue(key, out var value))
            {
                wrapper = wrapper.With(key, value);
            }
        }

        return Value.FromDict(wrapper);
    }

    private static readonly string[] ToolSearchWireFields = ["defer_loading", "namespace"];

    private static LlmResponse Default(LlmRequest request)
    {
        if (request.Tools.FirstOrDefault(tool => !tool.ContainsKey("type")) is { } tool)
        {
            return new LlmResponse
            {
                Text = string.Empty,
                ToolCalls = [HarnDict.Empty
                    .With("id", Value.FromString("mock_call_1"))
                    .With("name", tool.Get("name"))
                    .With("arguments", Value.FromDict(PlaceholderArguments(tool.GetDict("parameters"))))],
                Provider = "mock",
                Model = request.Model,
                InputTokens = EstimateTokens(request.PromptText()),
                OutputTokens = 1,
            };
        }

        var prompt = request.LastUserText();
        var words = prompt.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        var text = $"Mock response to {words.ToString(CultureInfo.InvariantCulture)}-word prompt: {prompt}";
        return new LlmResponse
        {
            Text = text,
            Provider = "mock",
            Model = request.Model,
            InputTokens = EstimateTokens(request.PromptText()),
            OutputTokens = EstimateTokens(text),
        };
    }

    private static HarnDict PlaceholderArguments(HarnDict? schema)
    {
        var arguments = HarnDict.Empty;
        if (schema?.GetDict("properties") is not { } properties)
        {
            return arguments;
        }

        var required = schema.Get("required") is { Kind: ValueKind.List } list ? list.AsList.Where(v => v.IsString).Select(v => v.AsString).ToHashSet() : [];
        foreach (var (name, property) in properties)
        {
            if (!required.Contains(name))
            {
                continue;
            }

            var type = property.Kind == ValueKind.Dict ? property.AsDict.GetString("type") : null;
            arguments = arguments.With(name, type switch
            {
                "integer" or "int" => Value.FromInt(0),
                "number" or "float" => Value.FromFloat(0),
                "boolean" or "bool" => Value.False,
                "array" or "list" => Value.FromList(HarnList.Empty),
                "object" or "dict" => Value.FromDict(HarnDict.Empty),
                _ => Value.FromString("mock"),
            });
        }

        return arguments;
    }

    /// <summary>Simulates provider-side prompt caching for <c>cache: true</c>: the first call writes the prefix, repeats read it.</summary>
    private LlmResponse WithCache(LlmRequest request, LlmResponse response)
    {
        if (!request.Options.GetBool("cache", false) || response.CacheReadTokens > 0 || response.CacheWriteTokens > 0)
        {
            return response;
        }

        var prefix = (request.System ?? string.Empty) + "\u0000" + request.PromptText();
        var hit = !_cachedPrefixes.Add(prefix);
        return new LlmResponse
        {
            Text = response.Text,
            ToolCalls = response.ToolCalls,
            Provider = response.Provider,
            Model = response.Model,
            InputTokens = response.InputTokens,
            OutputTokens = response.OutputTokens,
            CacheReadTokens = hit ? response.InputTokens : 0,
            CacheWriteTokens = hit ? 0 : response.InputTokens,
            Thinking = response.Thinking,
            ThinkingSummary = response.ThinkingSummary,
            StopReason = response.StopReason,
            Blocks = response.Blocks,
        };
    }
}
