using System.Text;
using Harn.Hosting;

namespace Harn.PowerShell.Hosting;

/// <summary>
/// Cuts the chunks a script writes into lines, one buffer per channel, so that
/// <c>print("a"); println("b")</c> becomes the single line <c>ab</c> like on a terminal.
/// </summary>
public sealed class OutputLineSplitter
{
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    /// <summary>Appends <paramref name="text"/> and returns the lines it completed.</summary>
    public IReadOnlyList<OutputLine> Append(OutputChannel channel, string text)
    {
        var buffer = BufferFor(channel);
        List<OutputLine>? lines = null;
        var start = 0;
        for (var newline = text.IndexOf('\n'); newline >= 0; newline = text.IndexOf('\n', start))
        {
            buffer.Append(text, start, newline - start);
            if (buffer.Length > 0 && buffer[^1] == '\r')
            {
                buffer.Length--;
            }

            (lines ??= new List<OutputLine>()).Add(new OutputLine(channel, buffer.ToString()));
            buffer.Clear();
            start = newline + 1;
        }

        buffer.Append(text, start, text.Length - start);
        return lines ?? (IReadOnlyList<OutputLine>)Array.Empty<OutputLine>();
    }

    /// <summary>Returns what is left in the buffers as final lines (stdout first) and empties them.</summary>
    public IReadOnlyList<OutputLine> Flush()
    {
        var lines = new List<OutputLine>(2);
        foreach (var channel in new[] { OutputChannel.Stdout, OutputChannel.Stderr })
        {
            var buffer = BufferFor(channel);
            if (buffer.Length > 0)
            {
                lines.Add(new OutputLine(channel, buffer.ToString()));
                buffer.Clear();
            }
        }

        return lines;
    }

    private StringBuilder BufferFor(OutputChannel channel) => channel == OutputChannel.Stderr ? _stderr : _stdout;
}
