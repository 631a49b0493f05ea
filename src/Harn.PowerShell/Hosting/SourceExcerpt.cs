using System.Globalization;
using System.Text;

namespace Harn.PowerShell.Hosting;

/// <summary>
/// The source line an error points at, the way PowerShell shows its own positions:
/// <c>FILE:LINE:COLUMN</c>, then <c>LINE | text</c> and a caret under the column.
/// </summary>
internal static class SourceExcerpt
{
    /// <summary>The excerpt, or null when the line cannot be found.</summary>
    /// <param name="file">The file the position is in; null for source text.</param>
    /// <param name="sourceText">The text of source given without a file (or of the chunk's own file).</param>
    public static string? Format(string? file, string? sourceText, int line, int column)
    {
        if (line <= 0)
        {
            return null;
        }

        var text = ReadLine(file, sourceText, line);
        if (text is null)
        {
            return null;
        }

        var number = line.ToString(CultureInfo.InvariantCulture);
        var gutter = new string(' ', number.Length);
        var caret = new string(' ', Math.Clamp(column - 1, 0, text.Length)) + "^";
        return new StringBuilder()
            .Append(file ?? HarnErrorRecords.SourceName).Append(':').Append(number).Append(':').Append(column.ToString(CultureInfo.InvariantCulture))
            .Append('\n').Append(number).Append(" | ").Append(text.Replace('\t', ' '))
            .Append('\n').Append(gutter).Append(" | ").Append(caret)
            .ToString();
    }

    private static string? ReadLine(string? file, string? sourceText, int line)
    {
        string? source = sourceText;
        if (file is not null && source is null)
        {
            try
            {
                source = File.Exists(file) ? File.ReadAllText(file) : null;
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        var lines = source?.Split('\n');
        return lines is not null && line <= lines.Length ? lines[line - 1].TrimEnd('\r') : null;
    }
}
