using System.Text;
using System.Text.RegularExpressions;

namespace Harn.Stdlib.Agents;

/// <summary>
/// Glob patterns of tool policies (<c>read*</c>, <c>src/*</c>, <c>/workspace/**</c>): <c>*</c> and
/// <c>**</c> match any run of characters, <c>?</c> one character, everything else itself.
/// </summary>
internal static class ToolGlob
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    public static bool Matches(string pattern, string text)
    {
        var regex = new StringBuilder("^");
        foreach (var c in pattern)
        {
            regex.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        try
        {
            return Regex.IsMatch(text, regex.Append('$').ToString(), RegexOptions.Singleline, Timeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>The first pattern of <paramref name="patterns"/> that matches, or null.</summary>
    public static string? FirstMatch(IEnumerable<string> patterns, string text) => patterns.FirstOrDefault(p => Matches(p, text));
}
