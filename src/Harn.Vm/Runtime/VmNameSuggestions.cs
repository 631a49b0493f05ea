namespace Harn.Runtime;

/// <summary>The "did you mean" pick for an unknown name: the closest known name by edit distance.</summary>
internal static class VmNameSuggestions
{
    /// <summary>
    /// Allowed distance grows with the name: 1 up to 2 chars, 2 up to 5, else 3. Ties go to the
    /// smaller distance, then the closer length, then alphabetical order. Internal names (<c>__x</c>) never qualify.
    /// </summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        var limit = name.Length <= 2 ? 1 : name.Length <= 5 ? 2 : 3;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates.Distinct(StringComparer.Ordinal))
        {
            if (candidate == name || candidate.StartsWith("__", StringComparison.Ordinal) || candidate.StartsWith(' ') || candidate.Length == 0)
            {
                continue;
            }

            if (Math.Abs(candidate.Length - name.Length) > limit)
            {
                continue;
            }

            var distance = Distance(name, candidate);
            if (distance > limit)
            {
                continue;
            }

            if (best is null || distance < bestDistance
                || (distance == bestDistance && IsBetterTie(name, candidate, best)))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static bool IsBetterTie(string name, string candidate, string best)
    {
        var candidateGap = Math.Abs(candidate.Length - name.Length);
        var bestGap = Math.Abs(best.Length - name.Length);
        return candidateGap != bestGap ? candidateGap < bestGap : string.CompareOrdinal(candidate, best) < 0;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
