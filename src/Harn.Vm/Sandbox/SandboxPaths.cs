using Harn.Runtime;

namespace Harn.Sandbox;

/// <summary>
/// Confines file reads to the policy's read-only roots. The sandbox wraps each file-reading
/// builtin in a <see cref="Confine"/> scope; the host library's shared path resolver calls
/// <see cref="Check"/> on every path it resolves, so the check happens before the file is touched.
/// Paths are compared after resolving symbolic links, so a link inside a root cannot lead out.
/// </summary>
public static class SandboxPaths
{
    private const int MaxLinkHops = 40;

    private static readonly AsyncLocal<PathScope?> Current = new();

    private static StringComparison PathComparison =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>
    /// Returns <paramref name="fullPath"/> when the builtin running now may read it; throws the
    /// permission error otherwise. Outside a confined builtin every path passes.
    /// </summary>
    public static string Check(string fullPath)
    {
        if (Current.Value is not { } scope)
        {
            return fullPath;
        }

        var real = RealPath(fullPath);
        if (!scope.Roots.Any(root => IsUnder(real, root)))
        {
            throw SandboxErrors.PathDenied(scope.Builtin, fullPath);
        }

        scope.Checked = true;
        return fullPath;
    }

    /// <summary>Runs <paramref name="call"/> with its paths confined to <paramref name="roots"/>; a call that resolved no path through <see cref="Check"/> is refused.</summary>
    internal static Value Confine(string builtin, IReadOnlyList<string> roots, Func<Value> call)
    {
        var outer = Current.Value;
        var scope = new PathScope(builtin, roots);
        Current.Value = scope;
        try
        {
            var result = call();
            // A read that bypassed the checked resolver cannot be vouched for: its result is discarded.
            return scope.Checked ? result : throw SandboxErrors.PathDenied(builtin, null);
        }
        finally
        {
            Current.Value = outer;
        }
    }

    /// <summary>A root as the policy keeps it: full, links resolved, without a trailing separator.</summary>
    internal static string Root(string root)
    {
        var real = RealPath(Path.GetFullPath(root));
        return real.Length > 1 ? real.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : real;
    }

    private static bool IsUnder(string path, string root) =>
        path.Equals(root, PathComparison)
        || (path.StartsWith(root, PathComparison) && (root.EndsWith(Path.DirectorySeparatorChar) || path[root.Length] is '/' or '\\'));

    /// <summary>The path with every symbolic link along it resolved (segments that do not exist yet are kept as written).</summary>
    private static string RealPath(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? string.Empty;
        var current = root;
        var hops = 0;
        foreach (var segment in fullPath[root.Length..].Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, segment);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            while (info.Exists && info.LinkTarget is not null && hops++ < MaxLinkHops)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: false);
                if (target is null)
                {
                    break;
                }

                next = Path.GetFullPath(target.FullName);
                info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            }

            current = next;
        }

        return current;
    }

    private sealed class PathScope(string builtin, IReadOnlyList<string> roots)
    {
        public string Builtin { get; } = builtin;

        public IReadOnlyList<string> Roots { get; } = roots;

        public bool Checked { get; set; }
    }
}
