namespace Harn.Conformance;

/// <summary>Finds the cases of a suite folder: every <c>.harn</c> below it, judged by its siblings.</summary>
internal static class SuiteDiscovery
{
    public static IReadOnlyList<ConformanceCase> Discover(string suiteRoot)
    {
        var cases = new List<ConformanceCase>();
        foreach (var file in Directory.EnumerateFiles(suiteRoot, "*.harn", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(suiteRoot, file).Replace('\\', '/');
            var expected = Path.ChangeExtension(file, ".expected");
            var error = Path.ChangeExtension(file, ".error");
            var found = File.Exists(expected)
                ? new ConformanceCase(relative, file, CaseKind.Output, File.ReadAllText(expected))
                : File.Exists(error)
                    ? new ConformanceCase(relative, file, CaseKind.Error, File.ReadAllText(error))
                    : new ConformanceCase(relative, file, CaseKind.Helper, string.Empty);
            cases.Add(found);
        }

        cases.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return cases;
    }

    /// <summary>Substring match, or a wildcard match (<c>*</c>, <c>?</c>) on the whole path; both ignore case.</summary>
    public static bool MatchesFilter(string relativePath, string? filter)
    {
        if (string.IsNullOrEmpty(filter))
        {
            return true;
        }

        if (filter.IndexOfAny(['*', '?']) < 0)
        {
            return relativePath.Contains(filter, StringComparison.OrdinalIgnoreCase);
        }

        return System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(filter, relativePath, ignoreCase: true);
    }
}
