using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>
/// The run's state directory (<c>HARN_STATE_DIR</c>, else <c>.harn</c> under the project root or the
/// source directory) and JSON documents kept in it, each written atomically.
/// </summary>
internal static class StateRoot
{
    public static string Directory(BuiltinContext context)
    {
        var source = RuntimePaths.SourceDirectory(context);
        var root = RuntimePaths.ProjectRoot(source) ?? source;
        return Environment.GetEnvironmentVariable("HARN_STATE_DIR") is { Length: > 0 } overridden
            ? Path.GetFullPath(overridden, root)
            : Path.Combine(root, ".harn");
    }

    /// <summary>The JSON object stored at <paramref name="path"/>, or an empty dict when there is none.</summary>
    public static HarnDict Load(string path)
    {
        try
        {
            return File.Exists(path) && JsonConversion.TryParse(File.ReadAllText(path), out var value) && value.Kind == ValueKind.Dict
                ? value.AsDict
                : HarnDict.Empty;
        }
        catch (Exception error) when (HostErrors.IsHostFailure(error))
        {
            throw HostErrors.Io($"Failed to read state file {path}", error);
        }
    }

    public static void Save(string path, HarnDict document, CancellationToken cancellation)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Files.WriteAtomically(path, System.Text.Encoding.UTF8.GetBytes(JsonConversion.Stringify(Value.FromDict(document), pretty: true)), cancellation);
        }
        catch (Exception error) when (HostErrors.IsHostFailure(error))
        {
            throw HostErrors.Io($"Failed to write state file {path}", error);
        }
    }
}
