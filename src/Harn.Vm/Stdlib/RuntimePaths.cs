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
            if (File.Exists(Path.Combine(directory.FullName, ProjectManifest.FileName)))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>A path argument: <c>@/rel</c> from the project root, <c>@alias/rel</c> from an <c>[asset_roots]</c> entry, otherwise relative to the source directory.</summary>
    public static string Resolve(BuiltinContext context, string path) => ResolveFrom(SourceDirectory(context), path);

    /// <summary><see cref="Resolve(BuiltinContext, string)"/> for a caller in <paramref name="source"/> (a template including another).</summary>
    public static string ResolveFrom(string source, string path)
    {
        if (!path.StartsWith('@'))
        {
            return Path.GetFullPath(Path.Combine(source, path));
        }

        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var alias = slash < 0 ? path[1..] : path[1..slash];
        var rest = slash < 0 ? string.Empty : path[(slash + 1)..];
        if (Path.IsPathRooted(rest) || rest.Split('/', '\\').Contains(".."))
        {
            throw RuntimeErrors.Runtime($"package-rooted path '{path}' may not leave the project root");
        }

        var root = ProjectRoot(source);
        if (alias.Length == 0)
        {
            return Path.GetFullPath(Path.Combine(root ?? source, rest));
        }

        if (root is null)
        {
            throw RuntimeErrors.Runtime($"asset path '{path}' needs a project root: no {ProjectManifest.FileName} above {source}");
        }

        if (!ProjectManifest.AssetRoots(root).TryGetValue(alias, out var aliasDirectory))
        {
            throw RuntimeErrors.Runtime($"asset path '{path}': alias '{alias}' is not defined in [asset_roots] of {Path.Combine(root, ProjectManifest.FileName)}");
        }

        return Path.GetFullPath(Path.Combine(root, aliasDirectory, rest));
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
