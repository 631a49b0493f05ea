using System.Text;
using System.Text.RegularExpressions;
using Harn.Runtime;
using Harn.Stdlib.Host;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Llm;

/// <summary>
/// The in-VM strategies of the client-executed tool search: BM25 over each deferred tool's
/// name, description and parameter text, or a case-insensitive regex over the same corpus.
/// Both return the matching tool names best first.
/// </summary>
internal static class ToolSearchRanking
{
    /// <summary>How many tools one query promotes at most, so a vague query cannot flood the context.</summary>
    public const int MaxResults = 5;

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>What a tool is searched by: its name (split at underscores too), description and parameter names and descriptions.</summary>
    public static string Corpus(HarnDict entry)
    {
        var text = new StringBuilder(ToolRegistry.NameOf(entry)).Append(' ').Append(entry.GetString("description") ?? string.Empty);
        var schema = ToolRegistry.InputSchema(entry);
        var properties = schema.Kind == ValueKind.Dict && schema.AsDict.GetDict("properties") is { } declared ? declared : HarnDict.Empty;
        foreach (var (name, property) in properties)
        {
            text.Append(' ').Append(name);
            if (property.Kind == ValueKind.Dict && property.AsDict.GetString("description") is { } description)
            {
                text.Append(' ').Append(description);
            }
        }

        return text.ToString();
    }

    /// <summary>BM25 ranking of <paramref name="entries"/> for <paramref name="query"/>; tools sharing no term with it are left out.</summary>
    public static IReadOnlyList<string> Bm25(IReadOnlyList<HarnDict> entries, string query)
    {
        var terms = Tokens(query).Distinct(StringComparer.Ordinal).ToList();
        if (terms.Count == 0 || entries.Count == 0)
        {
            return [];
        }

        var ranking = new Stdlib.Bm25(entries.Select(entry => (IReadOnlyList<string>)Tokens(Corpus(entry))).ToList());
        return entries
            .Select((entry, index) => (Name: ToolRegistry.NameOf(entry), Score: ranking.Score(index, terms), Order: index))
            .Where(hit => hit.Score > 0)
            .OrderByDescending(hit => hit.Score).ThenBy(hit => hit.Order)
            .Take(MaxResults).Select(hit => hit.Name).ToList();
    }

    /// <summary>
    /// The tools whose corpus matches <paramref name="pattern"/> (case-insensitive), in registry order.
    /// The engine is non-backtracking, so like Rust's <c>regex</c> crate it has no backreferences or lookaround.
    /// </summary>
    public static IReadOnlyList<string> Regex(IReadOnlyList<HarnDict> entries, string pattern)
    {
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, RegexTimeout);
        }
        catch (Exception error) when (error is ArgumentException or NotSupportedException)
        {
            throw new ToolSearchQueryException($"invalid regex \"{pattern}\": {error.Message}");
        }

        try
        {
            return entries.Where(entry => regex.IsMatch(Corpus(entry))).Select(ToolRegistry.NameOf).Take(MaxResults).ToList();
        }
        catch (RegexMatchTimeoutException)
        {
            throw new ToolSearchQueryException($"regex \"{pattern}\" took too long to match");
        }
    }

    /// <summary>Lowercase alphanumeric runs; underscores and punctuation split words, so <c>open_file</c> matches <c>open file</c>.</summary>
    public static List<string> Tokens(string text) => Stdlib.Bm25.Words(text).ToList();
}
