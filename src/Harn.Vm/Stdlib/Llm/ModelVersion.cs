using System.Globalization;
using System.Text.RegularExpressions;

namespace Harn.Stdlib.Llm;

/// <summary>Extracts a <c>major.minor</c> version from Anthropic (<c>claude-opus-4-7</c>, <c>claude-3-5-sonnet</c>) and OpenAI (<c>gpt-5.4</c>) model ids.</summary>
internal static partial class ModelVersion
{
    public static (int Major, int Minor)? Of(string model)
    {
        var match = Claude().Match(model);
        if (!match.Success)
        {
            match = Gpt().Match(model);
        }

        if (!match.Success)
        {
            return null;
        }

        var major = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var minor = match.Groups[2].Success && match.Groups[2].Value.Length <= 2 ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        return (major, minor);
    }

    [GeneratedRegex(@"^claude-(?:[a-z]+-)?(\d+)(?:[-.](\d+))?")]
    private static partial Regex Claude();

    [GeneratedRegex(@"^gpt-(\d+)(?:\.(\d+))?")]
    private static partial Regex Gpt();
}
