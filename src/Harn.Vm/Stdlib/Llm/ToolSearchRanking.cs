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

    // The usual BM25 constants.
    private const double K1 = 1.2;
    private const double B = 0.75;

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

        var documents = entries.Select(entry => (Name: ToolRegistry.NameOf(entry), Tokens: Tokens(Corpus(entry)))).ToList();
        var averageLength = Math.Max(1.0, documents.Average(document => (double)document.Tokens.Count));
        var frequencies = terms.ToDictionary(term => term, term => documents.Count(document => document.Tokens.Contains(term)), StringComparer.Ordinal);
        var scored = new List<(string Name, double Score, int Order)>();
        for (var i = 0; i < documents.Count; i++)
        {
            var (name, tokens) = documents[i];
            var score = 0.0;
            foreach (var term in terms)
            {
                var count = tokens.Count(token => token == term);
                if (count == 0)
                {
                    continue;
                }

                var idf = Math.Log(1 + ((documents.Count - frequencies[term] + 0.5) / (frequencies[term] + 0.5)));
                score += idf * count * (K1 + 1) / (count + (K1 * (1 - B + (B * tokens.Count / averageLength))));
            }

            if (score > 0)
            {
                scored.Add((name, score, i));
            }
        }

        return scored.OrderByDescending(hit => hit.Score).ThenBy(hit => hit.Order).Take(MaxResults).Select(hit => hit.Name).ToList();
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
    public static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }
}
