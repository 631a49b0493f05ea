namespace Harn.Conformance;

/// <summary>Finds the repository root: the nearest folder holding HarnPS.sln.</summary>
internal static class RepositoryLocator
{
    private const string SolutionFile = "HarnPS.sln";

    /// <summary>Searches upwards from the working directory, then from the runner's own folder.</summary>
    public static string? FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, SolutionFile)))
                {
                    return folder.FullName;
                }
            }
        }

        return null;
    }
}
