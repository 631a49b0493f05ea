using Harn.Runtime;

namespace Harn.Stdlib.Llm;

/// <summary>
/// Lifts JSON out of model text: the whole text, else the first fenced code block that parses,
/// else the first balanced <c>{...}</c> or <c>[...]</c> span that parses.
/// </summary>
internal static class JsonExtraction
{
    /// <summary>Bracket positions tried in prose; bounds the work on hostile text full of brackets.</summary>
    private const int MaxCandidates = 64;

    /// <summary>True when JSON was found; <paramref name="extracted"/> tells whether it had to be lifted from prose or fences.</summary>
    public static bool TryExtract(string text, out Value data, out bool extracted)
    {
        extracted = false;
        var trimmed = text.Trim();
        if (trimmed.Length > 0 && (trimmed[0] == '{' || trimmed[0] == '[') && JsonConversion.TryParse(trimmed, out data))
        {
            return true;
        }

        extracted = true;
        foreach (var block in FencedBlocks(text))
        {
            if (JsonConversion.TryParse(block.Trim(), out data))
            {
                return true;
            }
        }

        var candidates = 0;
        for (var start = 0; start < text.Length && candidates < MaxCandidates; start++)
        {
            if (text[start] is not ('{' or '['))
            {
                continue;
            }

            candidates++;
            var end = JsonBrackets.ClosingIndex(text, start);
            if (end > start && JsonConversion.TryParse(text[start..(end + 1)], out data))
            {
                return true;
            }
        }

        data = Value.Nil;
        extracted = false;
        return false;
    }

    private static IEnumerable<string> FencedBlocks(string text)
    {
        var index = 0;
        while ((index = text.IndexOf("```", index, StringComparison.Ordinal)) >= 0)
        {
            var lineEnd = text.IndexOf('\n', index);
            if (lineEnd < 0)
            {
                yield break;
            }

            var close = text.IndexOf("```", lineEnd, StringComparison.Ordinal);
            if (close < 0)
            {
                yield break;
            }

            yield return text[(lineEnd + 1)..close];
            index = close + 3;
        }
    }
}
