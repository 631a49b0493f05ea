using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>
/// Where a run resolves things: the source directory (assets, templates), the project root
/// (nearest <c>harn.toml</c>), and the state directories under it. <c>runtime_paths()</c> and friends.
/// </summary>
internal static class RuntimePaths
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("source_dir", (ctx, _) => Value.FromString(SourceDirectory(ctx)));
        registry.Register("asset_root", (ctx, _) => Value.FromString(SourceDirectory(ctx)));
        registry.Register("execution_root", (ctx, _) => Value.FromString(SourceDirectory(ctx)));
        registry.Register("project_root", (ctx, _) => ProjectRoot(SourceDirectory(ctx)) is { } root ? Value.FromString(root) : Value.Nil);
        registry.Register("runtime_paths", Paths);
    }

    /// <summary>The running file's directory, or the working directory for source without a file.</summary>
    public static string SourceDirectory(BuiltinContext context) => context.SourceDirectory ?? Directory.GetCurrentDirectory();

    /// <summary>The nearest ancestor directory holding <c>harn.toml</c>, or null.</summary>
    public static string? ProjectRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "harn.toml")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>A path argument: <c>@/rel</c> from the project root, otherwise relative to the source directory.</summary>
    public static string Resolve(BuiltinContext context, string path)
    {
        var source = SourceDirectory(context);
        if (path.StartsWith("@/", StringComparison.Ordinal))
        {
            var rest = path[2..];
            if (Path.IsPathRooted(rest) || rest.Split('/', '\\').Contains(".."))
            {
                throw RuntimeErrors.Runtime($"package-rooted path '{path}' may not leave the project root");
            }

            return Path.GetFullPath(Path.Combine(ProjectRoot(source) ?? source, rest));
        }

        return Path.GetFullPath(Path.Combine(source, path));
    }

    private static Value Paths(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var source = SourceDirectory(context);
        var root = ProjectRoot(source) ?? source;
        var paths = HarnDict.Empty
            .With("execution_root", Value.FromString(source))
            .With("asset_root", Value.FromString(source))
            .With("state_root", Value.FromString(Path.Combine(root, ".harn")))
            .With("run_root", Value.FromString(Path.Combine(root, ".harn-runs")))
            .With("worktree_root", Value.FromString(Path.Combine(root, ".harn", "worktrees")));
        return Value.FromDict(paths);
    }
}
