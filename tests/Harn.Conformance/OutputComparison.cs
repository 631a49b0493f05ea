using System.Text.RegularExpressions;

namespace Harn.Conformance;

/// <summary>The upstream runner's comparison of stdout with <c>.expected</c>.</summary>
internal static partial class OutputComparison
{
    /// <summary>Trims trailing whitespace, splits lines (CRLF tolerated), joins with \n and masks timer values.</summary>
    public static string Normalize(string text)
    {
        var lines = text.TrimEnd().Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = TimerLine().Replace(lines[i].TrimEnd('\r'), "[timer] $1: <ms>");
        }

        return string.Join('\n', lines);
    }

    /// <summary>Null when equal, else a one-line description of the first differing line.</summary>
    public static string? Describe(string expected, string actual)
    {
        var wanted = Normalize(expected);
        var got = Normalize(actual);
        if (wanted == got)
        {
            return null;
        }

        var wantedLines = wanted.Split('\n');
        var gotLines = got.Split('\n');
        var line = 0;
        while (line < wantedLines.Length && line < gotLines.Length && wantedLines[line] == gotLines[line])
        {
            line++;
        }

        var expectedLine = line < wantedLines.Length ? Quote(wantedLines[line]) : "<end of output>";
        var actualLine = line < gotLines.Length ? Quote(gotLines[line]) : "<end of output>";
        return $"output differs at line {line + 1}: expected {expectedLine}, got {actualLine}";
    }

    public static string Quote(string text)
    {
        const int Limit = 100;
        var shown = text.Length > Limit ? text[..Limit] + "..." : text;
        return "'" + shown.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\t", "\\t") + "'";
    }

    [GeneratedRegex(@"^\[timer\] (.+): \d+ms$")]
    private static partial Regex TimerLine();
}
