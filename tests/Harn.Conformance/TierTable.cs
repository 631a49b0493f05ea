namespace Harn.Conformance;

/// <summary>
/// The tiers of TIERS.tsv (columns path, tier, reason). Its paths start with the suite folder's
/// own name (<c>conformance/tests/...</c>); that first segment is dropped to match relative paths.
/// </summary>
internal sealed class TierTable
{
    private readonly Dictionary<string, string> _tiers;

    private TierTable(Dictionary<string, string> tiers)
    {
        _tiers = tiers;
    }

    public static TierTable Load(string suiteRoot)
    {
        var tiers = new Dictionary<string, string>(StringComparer.Ordinal);
        var file = Path.Combine(suiteRoot, "TIERS.tsv");
        if (File.Exists(file))
        {
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var columns = line.Split('\t');
                if (columns.Length < 2)
                {
                    continue;
                }

                var path = columns[0].Trim();
                var slash = path.IndexOf('/');
                tiers[slash >= 0 ? path[(slash + 1)..] : path] = columns[1].Trim();
            }
        }

        return new TierTable(tiers);
    }

    public string? TierOf(string relativePath) => _tiers.GetValueOrDefault(relativePath);
}
