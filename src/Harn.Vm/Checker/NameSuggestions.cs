namespace Harn.Checker;

/// <summary>
/// "Did you mean" candidates, with the runtime's rule: Levenshtein distance at most 1 for names of
/// length ≤ 2, 2 for length 3–5, else 3; names starting `__` are never offered; ties go to the smaller
/// distance, then the closer length, then alphabetical order.
/// </summary>
internal static class NameSuggestions
{
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        int limit = name.Length <= 2 ? 1 : name.Length <= 5 ? 2 : 3;
        string? best = null;
        int bestDistance = int.MaxValue;
        int bestLengthGap = int.MaxValue;
        foreach (string candidate in candidates)
        {
            if (candidate == name || candidate.StartsWith("__", StringComparison.Ordinal) || Math.Abs(candidate.Length - name.Length) > limit)
            {
                continue;
            }

            int distance = Distance(name, candidate);
            int lengthGap = Math.Abs(candidate.Length - name.Length);
            if (distance > limit)
            {
                continue;
            }

            bool better = distance < bestDistance
                || (distance == bestDistance && lengthGap < bestLengthGap)
                || (distance == bestDistance && lengthGap == bestLengthGap && string.CompareOrdinal(candidate, best) < 0);
            if (better)
            {
                best = candidate;
                bestDistance = distance;
                bestLengthGap = lengthGap;
            }
        }

        return best;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
