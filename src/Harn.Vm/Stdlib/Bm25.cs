using System.Globalization;
using System.Text;

namespace Harn.Stdlib;

/// <summary>
/// Okapi BM25 over documents given as word lists: the ranking the skill matcher and the
/// client-executed tool search share. Each caller chooses its own words (stop words, stemming).
/// </summary>
internal sealed class Bm25
{
    // The usual constants.
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly IReadOnlyList<IReadOnlyList<string>> _documents;
    private readonly double _averageLength;
    private readonly Dictionary<string, int> _containing = new(StringComparer.Ordinal);

    public Bm25(IReadOnlyList<IReadOnlyList<string>> documents)
    {
        _documents = documents;
        _averageLength = documents.Count == 0 ? 1.0 : Math.Max(1.0, documents.Average(document => (double)document.Count));
    }

    /// <summary>
    /// The score of document <paramref name="index"/> for the distinct query
    /// <paramref name="terms"/>; the terms it contains are added to <paramref name="hits"/> when given.
    /// </summary>
    public double Score(int index, IReadOnlyList<string> terms, List<string>? hits = null)
    {
        var document = _documents[index];
        var score = 0.0;
        foreach (var term in terms)
        {
            var frequency = document.Count(word => word == term);
            if (frequency == 0)
            {
                continue;
            }

            var containing = Containing(term);
            var idf = Math.Log(1 + ((_documents.Count - containing + 0.5) / (containing + 0.5)));
            score += idf * frequency * (K1 + 1) / (frequency + (K1 * (1 - B + (B * document.Count / _averageLength))));
            hits?.Add(term);
        }

        return score;
    }

    /// <summary>Lower-case alphanumeric runs of <paramref name="text"/>; anything else separates words.</summary>
    public static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    private int Containing(string term)
    {
        if (!_containing.TryGetValue(term, out var count))
        {
            _containing[term] = count = _documents.Count(document => document.Contains(term));
        }

        return count;
    }
}
