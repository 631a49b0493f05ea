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

        copy.InitializeRepository();
        return copy;
    }

    /// <summary>
    /// Makes the copy's root a git repository, as the upstream root is: tests find their helpers
    /// through <c>git rev-parse --show-toplevel</c>. Without git the copy stays a plain folder.
    /// </summary>
    private void InitializeRepository()
    {
        try
        {
            using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", ["init", "-q", Root])
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            git?.WaitForExit(10_000);
        }
        catch (Exception error) when (error is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            // No git on this machine: the tests that ask it for the root fail as they would upstream.
        }
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
