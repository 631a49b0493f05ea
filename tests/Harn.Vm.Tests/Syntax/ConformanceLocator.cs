using System.Runtime.CompilerServices;

namespace Harn.Vm.Tests.Syntax;

/// <summary>
/// Finds the shared conformance suite: HARN_CONFORMANCE_DIR if set, else ../shared/conformance beside
/// the folder holding HarnPS.sln, searched upwards from the test binaries and from this source file
/// (builds with a separate artifacts folder put the binaries outside the repository).
/// </summary>
internal static class ConformanceLocator
{
    public static string? Find() => FindFrom(AppContext.BaseDirectory, SourceDirectory());

    private static string? FindFrom(params string[] starts)
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("HARN_CONFORMANCE_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        foreach (string start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "HarnPS.sln")))
                {
                    string candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "conformance"));
                    if (Directory.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }
        }

        return null;
    }

    private static string SourceDirectory([CallerFilePath] string path = "") =>
        Path.GetDirectoryName(path) ?? "";
}
