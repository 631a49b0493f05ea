using Harn.Runtime;

namespace Harn.Vm.Tests.StdModules;

/// <summary>
/// Test doubles of the filesystem builtins std/project relies on (list_dir, stat, read_file,
/// file_exists, cwd, sha256), with upstream's signatures, rooted at a real directory.
/// </summary>
internal static class FileSystemDoubles
{
    public static void Register(BuiltinRegistry registry, string workingDirectory)
    {
        string Resolve(Value path) => Path.GetFullPath(Path.Combine(workingDirectory, path.AsString));

        registry.Register("cwd", (_, _) => Value.FromString(workingDirectory));
        registry.Register("file_exists", (_, args) =>
        {
            var full = Resolve(args[0]);
            return Value.FromBool(File.Exists(full) || Directory.Exists(full));
        });
        registry.Register("read_file", (_, args) => Value.FromString(File.ReadAllText(Resolve(args[0]))));
        registry.Register("list_dir", (_, args) =>
        {
            var names = Directory.EnumerateFileSystemEntries(Resolve(args[0]))
                .Select(Path.GetFileName)
                .OfType<string>()
                .Order(StringComparer.Ordinal)
                .Select(Value.FromString);
            return Value.FromList(HarnList.Create(names));
        });
        registry.Register("sha256", (_, args) =>
            Value.FromString(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(args[0].AsString)))));
        registry.Register("stat", (_, args) =>
        {
            var full = Resolve(args[0]);
            var isDir = Directory.Exists(full);
            return Value.FromDict(HarnDict.Empty.With("is_dir", Value.FromBool(isDir)).With("is_file", Value.FromBool(!isDir)));
        });
    }

    /// <summary>A fresh temporary directory holding <paramref name="files"/> (relative path, content); a trailing '/' makes a directory.</summary>
    public static string MakeTree(params (string Path, string Content)[] files)
    {
        var root = Path.Combine(Path.GetTempPath(), "harn-stdmods-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        foreach (var (relative, content) in files)
        {
            var full = Path.Combine(root, relative);
            if (relative.EndsWith('/'))
            {
                Directory.CreateDirectory(full);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        return root;
    }
}
