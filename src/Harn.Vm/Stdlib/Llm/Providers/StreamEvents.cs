using System.Runtime.CompilerServices;
using System.Text;

namespace Harn.Stdlib.Llm.Providers;

/// <summary>Splits a streamed body into events: server-sent events (<c>event:</c> / <c>data:</c>) or newline-delimited JSON.</summary>
internal static class StreamEvents
{
    public static async IAsyncEnumerable<(string? Event, string Data)> Read(TextReader reader, bool ndJson, [EnumeratorCancellation] CancellationToken cancellation)
    {
        string? eventName = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellation).ConfigureAwait(false) is { } line)
        {
            if (ndJson)
            {
                if (line.Trim().Length > 0)
                {
                    yield return (null, line);
                }

                continue;
            }

            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    var payload = data.ToString();
                    data.Clear();
                    if (payload == "[DONE]")
                    {
                        yield break;
                    }

                    yield return (eventName, payload);
                }

                eventName = null;
                continue;
            }

            if (line.StartsWith(':'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
            if (field == "event")
            {
                eventName = value;
            }
            else if (field == "data")
            {
                if (data.Length > 0)
                {
                    data.Append('\n');
                }

                data.Append(value);
            }
        }

        if (data.Length > 0 && data.ToString() != "[DONE]")
        {
            yield return (eventName, data.ToString());
        }
    }
}
