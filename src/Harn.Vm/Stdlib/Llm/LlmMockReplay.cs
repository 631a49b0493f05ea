using Harn.Runtime;

namespace Harn.Stdlib.Llm;

/// <summary>
/// Replay fixtures for the mock provider (upstream's <c>--llm-mock</c> file): one JSON object per
/// line with <c>llm_mock</c>'s keys. They are consulted before the script's own <c>llm_mock</c>
/// queue, and a prompt none of them matches is an error.
/// </summary>
public static class LlmMockReplay
{
    /// <summary>Rebinds the LLM builtins of <paramref name="registry"/> to runs that replay the fixtures in <paramref name="jsonlPath"/>.</summary>
    public static void Install(BuiltinRegistry registry, string jsonlPath)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var fixtures = new List<MockEntry>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(jsonlPath))
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (!JsonConversion.TryParse(line, out var entry) || entry.Kind != ValueKind.Dict)
            {
                throw new InvalidDataException($"{jsonlPath}:{lineNumber}: expected one JSON object per line");
            }

            fixtures.Add(MockEntry.Parse(entry.AsDict, "llm mock fixture"));
        }

        LlmLibrary.Register(registry, fixtures);
    }
}
