namespace Harn.Conformance;

/// <summary>
/// A temporary copy of the suite, laid out as <c>TEMP/conformance/...</c> like the upstream
/// repository, so tests that write beside themselves never change the original folder.
/// </summary>
internal sealed class SuiteCopy : IDisposable
{
    private SuiteCopy(string root)
    {
        Root = root;
        SuiteRoot = Path.Combine(root, "conformance");
    }

    /// <summary>The temporary folder that plays the upstream repository root.</summary>
    public string Root { get; }

    /// <summary>The copied suite folder.</summary>
    public string SuiteRoot { get; }

    public static SuiteCopy Create(string suiteRoot)
    {
        var copy = new SuiteCopy(Directory.CreateTempSubdirectory("harn-conformance-").FullName);
        foreach (var file in Directory.EnumerateFiles(suiteRoot, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy.SuiteRoot, Path.GetRelativePath(suiteRoot, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            // The original may be read-only; the copy's tests may write next to their files.
            File.SetAttributes(target, FileAttributes.Normal);
        }

        return copy;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // An abandoned test may still hold files open; the temp folder is left for the OS.
        }
    }
}
