using System.Globalization;
using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>
/// Cheap size control: <c>microcompact(text, max_chars?)</c> keeps the head and tail of oversized
/// text around a marker; <c>estimate_tokens(messages)</c> is the chars / 4 heuristic.
/// </summary>
internal static class Microcompaction
{
    private const long DefaultMaxChars = 20000;

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("microcompact", (_, args) =>
        {
            var text = Args.String(args, 0, "microcompact");
            var max = Args.At(args, 1).IsNil ? DefaultMaxChars : Args.Int(args, 1, "microcompact");
            return AgentValues.Str(Snip(text, (int)Math.Clamp(max, 0, int.MaxValue)));
        });
        registry.Register("estimate_tokens", (_, args) => Value.FromInt(EstimateTokens(Args.At(args, 0))));
    }

    /// <summary><paramref name="text"/> unchanged when it fits, else its head and tail around a <c>snipped</c> marker.</summary>
    public static string Snip(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        var head = maxChars / 2;
        var tail = maxChars - head;
        var dropped = text.Length - head - tail;
        return text[..head] + "\n\n[... snipped " + dropped.ToString(CultureInfo.InvariantCulture) + " chars ...]\n\n" + text[^tail..];
    }

    /// <summary>Characters of message content (text blocks for block content) divided by four.</summary>
    public static long EstimateTokens(Value messages)
    {
        long chars = 0;
        var items = messages.Kind == ValueKind.List ? messages.AsList : HarnList.Create([messages]);
        foreach (var message in items)
        {
            chars += message.Kind == ValueKind.String ? message.AsString.Length : TranscriptText.ContentText(AgentValues.Field(message, "content")).Length;
        }

        return chars / 4;
    }
}
