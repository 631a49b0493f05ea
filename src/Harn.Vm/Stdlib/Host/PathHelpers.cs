using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>
/// Lexical path builtins (<c>path_normalize</c>, <c>path_parent</c>, <c>path_stem</c>, ...) working on
/// '/'-separated text whatever the host OS, plus the workspace classification helpers.
/// </summary>
internal static class PathHelpers
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("path_normalize", (_, args) => Value.FromString(Normalize(Args.String(args, 0, "path_normalize"))));
        registry.Register("path_to_posix", (_, args) => Value.FromString(Args.String(args, 0, "path_to_posix").Replace('\\', '/')));
        registry.Register("path_parent", (_, args) => Value.FromString(Parent(Posix(args, "path_parent"))));
        registry.Register("path_basename", (_, args) => Value.FromString(FileName(Posix(args, "path_basename"))));
        registry.Register("path_stem", (_, args) => Value.FromString(Stem(FileName(Posix(args, "path_stem")))));
        registry.Register("path_extension", (_, args) => Value.FromString(Extension(FileName(Posix(args, "path_extension")))));
        registry.Register("path_with_extension", WithExtension);
        registry.Register("path_with_stem", WithStem);
        registry.Register("path_is_absolute", (_, args) => Value.FromBool(IsAbsolute(Args.String(args, 0, "path_is_absolute"))));
        registry.Register("path_is_relative", (_, args) => Value.FromBool(!IsAbsolute(Args.String(args, 0, "path_is_relative"))));
        registry.Register("path_relative_to", RelativeTo);
        registry.Register("path_parts", Parts);
        registry.Register("path_segments", (_, args) => HostValues.Strings(Segments(Posix(args, "path_segments"))));
        registry.Register("path_workspace_info", (ctx, args) => WorkspaceInfo(ctx, args, "path_workspace_info"));
        registry.Register("path_workspace_normalize", WorkspaceNormalize);
    }

    private static string Posix(ReadOnlySpan<Value> args, string function) => Args.String(args, 0, function).Replace('\\', '/');

    public static bool IsAbsolute(string path) =>
        path.StartsWith('/') || path.StartsWith('\\') || (path.Length >= 3 && char.IsAsciiLetter(path[0]) && path[1] == ':' && path[2] is '/' or '\\');

    private static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Resolves <c>.</c> and <c>..</c> lexically; leading <c>..</c> of a relative path are kept.</summary>
    public static string Normalize(string path)
    {
        var posix = path.Replace('\\', '/');
        var absolute = posix.StartsWith('/');
        var stack = new List<string>();
        foreach (var segment in Segments(posix))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (stack.Count > 0 && stack[^1] != "..")
                {
                    stack.RemoveAt(stack.Count - 1);
                }
                else if (!absolute)
                {
                    stack.Add("..");
                }

                continue;
            }

            stack.Add(segment);
        }

        var joined = string.Join('/', stack);
        return absolute ? "/" + joined : joined.Length == 0 ? "." : joined;
    }

    private static string Parent(string path)
    {
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? string.Empty : slash == 0 ? "/" : trimmed[..slash];
    }

    private static string FileName(string path)
    {
        var trimmed = path.TrimEnd('/');
        return trimmed[(trimmed.LastIndexOf('/') + 1)..];
    }

    private static string Stem(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot <= 0 ? name : name[..dot];
    }

    private static string Extension(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot <= 0 ? string.Empty : name[dot..];
    }

    private static string Join(string directory, string name) => directory.Length == 0 ? name : directory.EndsWith('/') ? directory + name : directory + "/" + name;

    private static Value WithExtension(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var path = Posix(args, "path_with_extension");
        var extension = Args.String(args, 1, "path_with_extension").TrimStart('.');
        var stem = Stem(FileName(path));
        return Value.FromString(Join(Parent(path), extension.Length == 0 ? stem : stem + "." + extension));
    }

    private static Value WithStem(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var path = Posix(args, "path_with_stem");
        var stem = Args.String(args, 1, "path_with_stem");
        return Value.FromString(Join(Parent(path), stem + Extension(FileName(path))));
    }

    private static Value RelativeTo(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var path = Segments(Normalize(Args.String(args, 0, "path_relative_to")));
        var baseSegments = Segments(Normalize(Args.String(args, 1, "path_relative_to")));
        var common = 0;
        while (common < path.Length && common < baseSegments.Length && path[common] == baseSegments[common])
        {
            common++;
        }

        var parts = Enumerable.Repeat("..", baseSegments.Length - common).Concat(path.Skip(common)).ToArray();
        return Value.FromString(parts.Length == 0 ? "." : string.Join('/', parts));
    }

    private static Value Parts(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var path = Posix(args, "path_parts");
        var file = FileName(path);
        return HostValues.Dict(
            ("dir", Value.FromString(Parent(path))),
            ("file", Value.FromString(file)),
            ("stem", Value.FromString(Stem(file))),
            ("ext", Value.FromString(Extension(file))));
    }

    /// <summary>
    /// Classifies a path against a workspace root: <c>workspace_relative</c> (inside, given relative or
    /// with a stray leading '/'), <c>host_absolute</c> (an absolute host path), or <c>invalid</c> (escapes the root).
    /// </summary>
    private static Value WorkspaceInfo(BuiltinContext context, ReadOnlySpan<Value> args, string function)
    {
        var input = Args.String(args, 0, function);
        var rootArg = Args.At(args, 1);
        var root = Normalize(rootArg.Kind == ValueKind.String ? HostPaths.Full(rootArg.AsString) : Directory.GetCurrentDirectory());
        var posix = input.Replace('\\', '/');

        Value Info(string kind, string? workspacePath, string? hostPath, bool drift, string? reason) => HostValues.Dict(
            ("kind", Value.FromString(kind)),
            ("input", Value.FromString(input)),
            ("workspace_root", Value.FromString(root)),
            ("workspace_path", HostValues.Str(workspacePath)),
            ("host_path", HostValues.Str(hostPath)),
            ("recovered_root_drift", Value.FromBool(drift)),
            ("reason", HostValues.Str(reason)));

        if (IsAbsolute(posix))
        {
            var normalized = Normalize(posix);
            if (normalized == root || normalized.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal))
            {
                var relative = normalized.Length == root.Length ? "." : normalized[(root.TrimEnd('/').Length + 1)..];
                return Info("host_absolute", relative, normalized, false, null);
            }

            var rooted = Normalize(normalized.TrimStart('/'));
            var candidate = root.TrimEnd('/') + "/" + rooted;
            if (posix.StartsWith('/') && !rooted.StartsWith("..", StringComparison.Ordinal) && !Files.Exists(normalized) && Files.Exists(candidate))
            {
                return Info("workspace_relative", rooted, candidate, true, null);
            }

            return Info("host_absolute", null, normalized, false, null);
        }

        var inside = Normalize(posix);
        if (inside == ".." || inside.StartsWith("../", StringComparison.Ordinal))
        {
            return Info("invalid", null, null, false, "path escapes the workspace root");
        }

        return Info("workspace_relative", inside, inside == "." ? root : root.TrimEnd('/') + "/" + inside, false, null);
    }

    private static Value WorkspaceNormalize(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var info = WorkspaceInfo(context, args, "path_workspace_normalize").AsDict;
        return info.GetString("kind") == "invalid" ? Value.Nil : info.Get("workspace_path", Value.Nil);
    }
}
