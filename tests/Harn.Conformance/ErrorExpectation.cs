using System.Text.RegularExpressions;

namespace Harn.Conformance;

/// <summary>
/// The lines of a <c>.error</c> file: each a substring, or <c>re:REGEX</c>, to find in the
/// error text; any one line matching passes.
/// </summary>
internal sealed class ErrorExpectation
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(2);

    private readonly IReadOnlyList<string> _lines;

    public ErrorExpectation(string fileText)
    {
        _lines = fileText.Split('\n')
            .Select(line => line.TrimEnd('\r', ' ', '\t'))
            .Where(line => line.Length > 0)
            .ToList();
    }

    public bool Matches(string errorText)
    {
        foreach (var line in _lines)
        {
            if (line.StartsWith("re:", StringComparison.Ordinal))
            {
                try
                {
                    if (Regex.IsMatch(errorText, line[3..], RegexOptions.None, RegexTimeout))
                    {
                        return true;
                    }
                }
                catch (Exception problem) when (problem is ArgumentException or RegexMatchTimeoutException)
                {
                    // A broken or runaway pattern matches nothing; the other lines may still match.
                }
            }
            else if (errorText.Contains(line, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The expectation for a failure reason.</summary>
    public override string ToString() => string.Join(" | ", _lines);
}
