using System.Text.RegularExpressions;

namespace Harn.Stdlib.Llm;

/// <summary>
/// Upstream's stripping rules for the human-visible part of a model answer: reasoning blocks
/// (<c>&lt;think&gt;</c>, <c>&lt;thinking&gt;</c>) and text-mode tool calls are removed,
/// <c>&lt;assistant_prose&gt;</c> wrappers are unwrapped, and the result is trimmed.
/// </summary>
internal static partial class VisibleText
{
    public static string Of(string text)
    {
        var visible = Reasoning().Replace(text, string.Empty);
        visible = ToolCallBlock().Replace(visible, string.Empty);
        visible = ProseTag().Replace(visible, string.Empty);
        return visible.Trim();
    }

    [GeneratedRegex(@"<(think|thinking)>.*?</\1>", RegexOptions.Singleline)]
    private static partial Regex Reasoning();

    [GeneratedRegex(@"<tool_call>.*?</tool_call>", RegexOptions.Singleline)]
    private static partial Regex ToolCallBlock();

    [GeneratedRegex(@"</?assistant_prose>")]
    private static partial Regex ProseTag();
}
