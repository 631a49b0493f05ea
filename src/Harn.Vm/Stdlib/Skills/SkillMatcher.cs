using System.Text;
using System.Text.RegularExpressions;
using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Skills;

/// <summary>
/// The <c>metadata</c> skill matcher: BM25 scoring of the request against each skill's
/// <c>description</c>, <c>short</c> and <c>when_to_use</c>, a strong boost when the request names
/// the skill, and a path boost when a working file matches one of the skill's <c>paths</c> globs
/// (enough to activate on its own). Skills with <c>disable-model-invocation</c> never match.
/// Deterministic and local: no host round-trip.
/// </summary>
internal static class SkillMatcher
{
    private const double NameBoost = 3.0;
    private const double PathBoost = 2.0;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "with", "this", "that", "these", "those", "from", "into", "onto", "your", "you", "are",
        "was", "were", "will", "would", "should", "could", "can", "please", "user", "users", "says", "say", "asks",
        "ask", "wants", "want", "need", "needs", "about", "when", "what", "which", "who", "how", "why", "there",
        "their", "them", "they", "then", "than", "have", "has", "had", "not", "but", "all", "any", "use", "using",
        "some", "our", "out", "its", "it's", "also", "just", "like", "make", "made", "get", "got", "let", "help",
        "me", "my", "to", "of", "in", "on", "at", "by", "or", "an", "a", "is", "be", "do", "does", "did", "it",
    };

    public sealed record Candidate(HarnDict Entry, double Score, string Reason)
    {
        public string Name => SkillRegistry.NameOf(Entry);

        public Value ToValue() => AgentValues.Dict(
            ("name", AgentValues.Str(Name)),
            ("score", Value.FromFloat(Math.Round(Score, 4))),
            ("reason", AgentValues.Str(Reason)));
    }

    /// <summary>The skills that match, best first (ties keep registry order).</summary>
    public static List<Candidate> Rank(IReadOnlyList<HarnDict> skills, string query, IReadOnlyList<string> workingFiles)
    {
        var eligible = skills.Where(s => !SkillRegistry.ModelInvocationDisabled(s)).ToList();
        var ranking = new Bm25(eligible.Select(s => (IReadOnlyList<string>)Tokens(Document(s))).ToList());
        var queryTerms = Tokens(query).Distinct(StringComparer.Ordinal).ToList();
        var normalizedQuery = " " + string.Join(' ', Bm25.Words(query)) + " ";
        var candidates = new List<Candidate>();
        for (var i = 0; i < eligible.Count; i++)
        {
            var entry = eligible[i];
            var reasons = new List<string>();
            var hits = new List<string>();
            var score = ranking.Score(i, queryTerms, hits);
            if (hits.Count > 0)
            {
                reasons.Add("keywords: " + string.Join(", ", hits));
            }

            var name = string.Join(' ', Bm25.Words(SkillRegistry.NameOf(entry)));
            if (name.Length > 0 && normalizedQuery.Contains(" " + name + " ", StringComparison.Ordinal))
            {
                score += NameBoost;
                reasons.Add("name mentioned");
            }

            var pathHits = AgentValues.Strings(AgentValues.Field(entry, "paths"))
                .Where(glob => workingFiles.Any(file => PathMatches(glob, file)))
                .ToList();
            if (pathHits.Count > 0)
            {
                score += PathBoost;
                reasons.Add("paths: " + string.Join(", ", pathHits));
            }

            if (score > 0)
            {
                candidates.Add(new Candidate(entry, score, string.Join("; ", reasons)));
            }
        }

        return candidates
            .Select((candidate, index) => (candidate, index))
            .OrderByDescending(c => c.candidate.Score)
            .ThenBy(c => c.index)
            .Select(c => c.candidate)
            .ToList();
    }

    private static string Document(HarnDict entry) => string.Join(' ', new[] { "description", "short", "when_to_use" }
        .Select(key => AgentValues.StringField(entry, key))
        .Where(text => !string.IsNullOrEmpty(text)));

    /// <summary>Scoring terms: words of three letters or more, without stop words, with a plural <c>s</c> dropped.</summary>
    private static List<string> Tokens(string text) => Bm25.Words(text)
        .Where(w => w.Length >= 3 && !StopWords.Contains(w))
        .Select(w => w.Length > 4 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) ? w[..^1] : w)
        .ToList();

    /// <summary>
    /// A path glob: <c>**</c> matches across directories (<c>**/</c> also matches none), <c>*</c>
    /// and <c>?</c> stay within one path segment. A pattern without a slash also matches a base name.
    /// </summary>
    public static bool PathMatches(string glob, string path)
    {
        path = path.Replace('\\', '/');
        if (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        var regex = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                i++;
                if (i + 1 < glob.Length && glob[i + 1] == '/')
                {
                    i++;
                    regex.Append("(?:.*/)?");
                }
                else
                {
                    regex.Append(".*");
                }
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        var pattern = regex.Append('$').ToString();
        try
        {
            return Regex.IsMatch(path, pattern, RegexOptions.None, TimeSpan.FromSeconds(1))
                || (!glob.Contains('/', StringComparison.Ordinal) && Regex.IsMatch(Path.GetFileName(path), pattern, RegexOptions.None, TimeSpan.FromSeconds(1)));
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
