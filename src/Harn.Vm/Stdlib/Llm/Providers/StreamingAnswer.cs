using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Llm.Providers;

/// <summary>Accumulates a streamed answer (text deltas, tool-call fragments, usage) into one <see cref="LlmResponse"/>.</summary>
internal sealed class StreamingAnswer(Action<string>? onDelta)
{
    private sealed class PartialCall
    {
        public string Id { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public StringBuilder Arguments { get; } = new();

        public Value? Parsed { get; set; }
    }

    private readonly StringBuilder _text = new();
    private readonly StringBuilder _thinking = new();
    private readonly SortedDictionary<int, PartialCall> _calls = [];

    public long InputTokens { get; set; }

    public long OutputTokens { get; set; }

    public long CacheReadTokens { get; set; }

    public long CacheWriteTokens { get; set; }

    public string? StopReason { get; set; }

    public string? Model { get; set; }

    public void Text(string delta)
    {
        if (delta.Length == 0)
        {
            return;
        }

        _text.Append(delta);
        onDelta?.Invoke(delta);
    }

    public void Thinking(string delta) => _thinking.Append(delta);

    public void StartCall(int index, string? id, string? name)
    {
        var call = Call(index);
        if (!string.IsNullOrEmpty(id))
        {
            call.Id = id;
        }

        if (!string.IsNullOrEmpty(name))
        {
            call.Name = name;
        }
    }

    public void CallArguments(int index, string fragment) => Call(index).Arguments.Append(fragment);

    /// <summary>A call whose arguments arrive whole (as a parsed object).</summary>
    public void CompleteCall(int index, string? id, string name, Value arguments)
    {
        StartCall(index, id, name);
        Call(index).Parsed = arguments;
    }

    public int CallCount => _calls.Count;

    private PartialCall Call(int index)
    {
        if (!_calls.TryGetValue(index, out var call))
        {
            _calls[index] = call = new PartialCall();
        }

        return call;
    }

    public LlmResponse ToResponse(string provider, string model) => new()
    {
        Text = _text.ToString(),
        ToolCalls = _calls.Values.Select((call, i) => WireJson.ToolCall(
            call.Id.Length > 0 ? call.Id : "call_" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            call.Name,
            call.Parsed ?? WireJson.ParseArguments(call.Arguments.ToString()))).ToList(),
        Provider = provider,
        Model = Model ?? model,
        InputTokens = InputTokens,
        OutputTokens = OutputTokens,
        CacheReadTokens = CacheReadTokens,
        CacheWriteTokens = CacheWriteTokens,
        Thinking = _thinking.Length > 0 ? _thinking.ToString() : null,
        StopReason = StopReason,
    };
}
