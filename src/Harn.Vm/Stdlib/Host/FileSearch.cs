using System.Text;
using System.Text.RegularExpressions;
using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary><c>glob</c>, <c>walk_dir</c> and <c>scan_directory</c>: directory traversal in ordinal name order.</summary>
internal static class FileSearch
{
    /// <summary>Deeper trees are cut off rather than followed (symlink loops, runaway recursion).</summary>
    private const int MaxDepth = 256;

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("glob", Glob);
        registry.Register("walk_dir", WalkDir);
        registry.Register("scan_directory", ScanDirectory);
    }

    /// <summary>One entry of a walk: the path as the caller spells it, the full path, whether a directory, and its depth.</summary>
    private readonly record struct Entry(string Path, string FullPath, bool IsDirectory, int Depth);

    private static IEnumerable<Entry> Walk(string shownRoot, string fullRoot, int maxDepth, bool includeHidden, CancellationToken cancellation)
    {
        var pending = new Stack<Entry>();
        pending.Push(new Entry(shownRoot, fullRoot, true, 0));
        var ordered = new List<Entry>();
        while (pending.Count > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            var current = pending.Pop();
            ordered.Add(current);
            if (!current.IsDirectory || current.Depth >= Math.Min(maxDepth, MaxDepth))
            {
                continue;
            }

            var children = new DirectoryInfo(current.FullPath).EnumerateFileSystemInfos()
                .Where(child => includeHidden || !child.Name.StartsWith('.'))
                .OrderByDescending(child => child.Name, StringComparer.Ordinal);
            foreach (var child in children)
            {
                var isDirectory = child is DirectoryInfo && !child.Attributes.HasFlag(FileAttributes.ReparsePoint);
                pending.Push(new Entry(JoinShown(current.Path, child.Name), child.FullName, isDirectory, current.Depth + 1));
            }
        }

        return ordered;
    }

    private static string JoinShown(string parent, string name) => parent.Length == 0 || parent == "." ? name : parent.TrimEnd('/') + "/" + name;

    private static Value WalkDir(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var path = Args.String(args, 0, "walk_dir");
        var options = HostValues.Options(args, 1, "walk_dir");
        var maxDepth = (int)Math.Clamp(options.GetInt("max_depth") ?? MaxDepth, 0, MaxDepth);
        try
        {
            var entries = Walk(path, HostPaths.Full(path), maxDepth, includeHidden: true, context.CancellationToken);
            return HostValues.List(entries.Select(entry => HostValues.Dict(
                ("path", Value.FromString(entry.Path)),
                ("is_dir", Value.FromBool(entry.IsDirectory)),
                ("depth", Value.FromInt(entry.Depth)))));
        }
        catch (Exception error) when (HostErrors.IsHostFailure(error))
        {
            throw HostErrors.Io($"Failed to walk directory {path}", error);
        }
    }

    /// <summary><c>glob(pattern, base?)</c>: files whose path relative to <c>base</c> matches; <c>*</c> stays within a segment, <c>**/</c> spans any number.</summary>
    private static Value Glob(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var pattern = Args.String(args, 0, "glob");
        var second = Args.At(args, 1);
        var options = second.Kind == ValueKind.Dict ? second.AsDict : HostValues.Options(args, 2, "glob");
        var basePath = second.Kind == ValueKind.String ? second.AsString : options.GetString("base") ?? ".";
        var matcher = GlobRegex(pattern.Replace('\\', '/'));
        try
        {
            var matches = Walk(string.Empty, HostPaths.Full(basePath), MaxDepth, includeHidden: true, context.CancellationToken)
                .Where(entry => entry.Depth > 0 && matcher.IsMatch(entry.Path))
                .Select(entry => basePath == "." ? entry.Path : JoinShown(basePath, entry.Path))
                .Order(StringComparer.Ordinal);
            return HostValues.Strings(matches);
        }
        catch (Exception error) when (HostErrors.IsHostFailure(error))
        {
            throw HostErrors.Io($"Failed to glob {pattern}", error);
        }
    }

    public static Regex GlobRegex(string pattern)
    {
        var builder = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                    builder.Append(slash ? "(?:.*/)?" : ".*");
                    i += slash ? 2 : 1;
                    break;
                case '*':
                    builder.Append("[^/]*");
                    break;
                case '?':
                    builder.Append("[^/]");
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        builder.Append(@"\[");
                        break;
                    }

                    var set = pattern[(i + 1)..close];
                    builder.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                    i = close;
                    break;
                case '{':
                    var end = pattern.IndexOf('}', i + 1);
                    if (end < 0)
                    {
                        builder.Append(@"\{");
                        break;
                    }

                    builder.Append("(?:").Append(string.Join('|', pattern[(i + 1)..end].Split(',').Select(Regex.Escape))).Append(')');
                    i = end;
                    break;
                default:
                    builder.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return new Regex(builder.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    /// <summary>
    /// <c>scan_directory(path, {pattern, include_dirs, max_depth, include_hidden})</c>: entries below
    /// <c>path</c> whose name contains <c>pattern</c> (or matches it as a glob), as <c>{path, is_dir, size}</c>.
    /// </summary>
    private static Value ScanDirectory(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var path = Args.OptionalString(args, 0, "scan_directory", ".");
        var options = HostValues.Options(args, 1, "scan_directory");
        var pattern = options.GetString("pattern");
        var includeDirs = options.GetBool("include_dirs", true);
        var includeHidden = options.GetBool("include_hidden", false);
        var maxDepth = (int)Math.Clamp(options.GetInt("max_depth") ?? MaxDepth, 0, MaxDepth);
        Regex? glob = pattern is not null && pattern.IndexOfAny(['*', '?', '[']) >= 0 ? GlobRegex(pattern) : null;
        try
        {
            var entries = Walk(path, HostPaths.Full(path), maxDepth + 1, includeHidden, context.CancellationToken)
                .Where(entry => entry.Depth > 0 && (includeDirs || !entry.IsDirectory))
                .Where(entry => pattern is null || (glob?.IsMatch(Path.GetFileName(entry.Path)) ?? entry.Path.Contains(pattern, StringComparison.Ordinal)))
                .OrderBy(entry => entry.Path, StringComparer.Ordinal)
                .Select(entry => HostValues.Dict(
                    ("path", Value.FromString(entry.Path)),
                    ("is_dir", Value.FromBool(entry.IsDirectory)),
                    ("size", Value.FromInt(entry.IsDirectory ? 0 : new FileInfo(entry.FullPath).Length))));
            return HostValues.List(entries);
        }
        catch (Exception error) when (HostErrors.IsHostFailure(error))
        {
            throw HostErrors.Io($"Failed to scan directory {path}", error);
        }
    }
}
