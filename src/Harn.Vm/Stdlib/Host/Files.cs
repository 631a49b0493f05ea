using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>
/// File I/O builtins (<c>read_file</c>, <c>write_file</c>, <c>delete_file</c>, <c>list_dir</c>, <c>stat</c>, ...).
/// Relative paths resolve against the running file's directory. Writes go to a temporary file
/// in the same folder that is then renamed over the target, so a cancelled run never leaves a
/// half-written file.
/// </summary>
internal static class Files
{
    private static readonly UTF8Encoding Utf8 = new(false);

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("read_file", (ctx, args) => Value.FromString(ReadText(ctx, Args.String(args, 0, "read_file"))));
        registry.Register("read_file_result", ReadFileResult);
        registry.Register("read_file_bytes", (ctx, args) => Value.FromBytes(ReadBytes(ctx, Args.String(args, 0, "read_file_bytes"))));
        registry.Register("read_lines", ReadLines);
        registry.Register("write_file", (ctx, args) => Write(ctx, args, "write_file"));
        registry.Register("write_file_bytes", (ctx, args) => Write(ctx, args, "write_file_bytes"));
        registry.Register("append_file", AppendFile);
        registry.Register("copy_file", CopyFile);
        registry.Register("move_file", MoveFile);
        registry.Register("delete_file", DeleteFile);
        registry.Register("file_exists", (ctx, args) => Value.FromBool(Exists(HostPaths.Full(Args.String(args, 0, "file_exists")))));
        registry.Register("mkdir", Mkdir);
        registry.Register("list_dir", ListDir);
        registry.Register("stat", Stat);
        registry.Register("temp_dir", (_, _) => Value.FromString(Path.GetTempPath().TrimEnd(Path.DirectorySeparatorChar)));
        registry.Register("cwd", (_, _) => Value.FromString(Directory.GetCurrentDirectory()));
    }

    public static bool Exists(string fullPath) => File.Exists(fullPath) || Directory.Exists(fullPath);

    public static string ReadText(BuiltinContext context, string path)
    {
        try
        {
            return File.ReadAllText(HostPaths.Full(path), Utf8);
        }
        catch (Exception error) when (HostErrors.IsHostFailure(error))
        {
            throw HostErrors.Io($"Failed to read file {path}", error);
        }
    }

    private static byte[] ReadBytes(BuiltinContext context, string path)
    {
        try
        {
            return File.ReadAllBytes(HostPaths.Full(path));
        }
        catch (Exception error) when (HostErrors.IsHostFailure(error))
        {
            throw HostErrors.Io($"Failed to read file {path}", error);
        }
    }

    private static Value ReadFileResult(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        try
        {
            return HarnEnumVariant.Ok(Value.FromString(ReadText(context, Args.String(args, 0, "read_file_result"))));
        }
        catch (HarnRuntimeException error) when (error.Kind == ErrorKind.Runtime)
        {
            return HarnEnumVariant.Err(Value.FromString(error.Detail));
        }
    }

    /// <summary><c>read_lines(path)</c>: the file's lines without their terminators or a trailing empty line.</summary>
    private static Value ReadLines(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var text = ReadText(context, Args.String(args, 0, "read_lines"));
        var lines = text.Split('\n').Select(line => line.EndsWith('\r') ? line[..^1] : line).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return HostValues.Strings(lines);
    }

    private static Value Write(BuiltinContext context, ReadOnlySpan<Value> args, string function)
    {
        var path = Args.String(args, 0, function);
        var content = Args.At(args, 1);
        try
        {
            WriteAtomically(HostPaths.Full(path), HostValues.Bytes(content), context.CancellationToken);
        }
        catch (Exception error) when (HostErrors.IsHostFailure(error))
        {
            throw HostErrors.Io($"Failed to write file {path}", error);
        }

        return Value.Nil;
    }

    /// <summary>Writes <paramref name="bytes"/> to a sibling temporary file, then renames it over <paramref name="fullPath"/>.</summary>
    public static void WriteAtomically(string fullPath, byte[] bytes, CancellationToken cancellation)
    {
        var directory = Path.GetDirectoryName(fullPath) ?? Directory.GetCurrentDirectory();
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                cancellation.ThrowIfCancellationRequested();
                stream.Flush(flushToDisk: false);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static Value AppendFile(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var path = Args.String(args, 0, "append_file");
        var content = HostValues.Bytes(Args.At(args, 1));
        try
        {
            using var stream = new FileStream(HostPaths.Full(path), FileMode.Append, FileAccess.Write, FileShare.Read);
            stream.Write(content);
        }
        catch (Exception error) when (HostErrors.IsHostFailure(error))
        {
            throw HostErrors.Io($"Failed to append to file {path}", error);
        }

        return Value.Nil;
    }

    private static Value CopyFile(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var source = Args.String(args, 0, "copy_file");
        var destination = Args.String(args, 1, "copy_file");
        try
        {
            File.Copy(HostPaths.Full(source), HostPaths.Full(destination), overwrite: true);
        }
        catch (Exception error) when (HostErrors.IsHostFailure(error))
        {
            throw HostErrors.Io($"Failed to copy file {source} to {destination}", error);
        }

        return Value.Nil;
    }

    private static Value MoveFile(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var source = Args.String(args, 0, "move_file");
        var destination = Args.String(args, 1, "move_file");
        try
        {
            var from = HostPaths.Full(source);
            var to = HostPaths.Full(destination);
            if (Directory.Exists(from))
            {
                Directory.Move(from, to);
            }
            else
            {
                File.Move(from, to, overwrite: true);
            }
        }
        catch (Exception error) when (HostErrors.IsHostFailure(error))
        {
            throw HostErrors.Io($"Failed to move file {source} to {destination}", error);
        }

        return Value.Nil;
    }

    /// <summary><c>delete_file(path)</c>: a file, or a directory with everything under it.</summary>
    private static Value DeleteFile(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var path = Args.String(args, 0, "delete_file");
        try
        {
            var full = HostPaths.Full(path);
            if (Directory.Exists(full) && !File.GetAttributes(full).HasFlag(FileAttributes.ReparsePoint))
            {
                Directory.Delete(full, recursive: true);
            }
            else if (File.Exists(full) || new FileInfo(full).LinkTarget is not null)
            {
                File.Delete(full);
            }
            else
            {
                throw new FileNotFoundException(null, full);
            }
        }
        catch (Exception error) when (HostErrors.IsHostFailure(error))
        {
            throw HostErrors.Io($"Failed to delete file {path}", error);
        }

        return Value.Nil;
    }

    private static Value Mkdir(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var path = Args.String(args, 0, "mkdir");
        try
        {
            Directory.CreateDirectory(HostPaths.Full(path));
        }
        catch (Exception error) when (HostErrors.IsHostFailure(error))
        {
            throw HostErrors.Io($"Failed to create directory {path}", error);
        }

        return Value.Nil;
    }

    private static Value ListDir(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var path = Args.OptionalString(args, 0, "list_dir", ".");
        try
        {
            var names = Directory.EnumerateFileSystemEntries(HostPaths.Full(path))
                .Select(Path.GetFileName)
                .OfType<string>()
                .Order(StringComparer.Ordinal);
            return HostValues.Strings(names);
        }
        catch (Exception error) when (HostErrors.IsHostFailure(error))
        {
            throw HostErrors.Io($"Failed to read directory {path}", error);
        }
    }

    /// <summary><c>stat(path)</c>: <c>{size, is_file, is_dir, readonly, modified}</c> (modified in Unix seconds).</summary>
    private static Value Stat(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var path = Args.String(args, 0, "stat");
        try
        {
            var full = HostPaths.Full(path);
            FileSystemInfo info = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
            if (!info.Exists)
            {
                throw new FileNotFoundException(null, full);
            }

            var size = info is FileInfo file ? file.Length : 0;
            return HostValues.Dict(
                ("size", Value.FromInt(size)),
                ("is_file", Value.FromBool(info is FileInfo)),
                ("is_dir", Value.FromBool(info is DirectoryInfo)),
                ("readonly", Value.FromBool(info.Attributes.HasFlag(FileAttributes.ReadOnly))),
                ("modified", Value.FromInt(new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeSeconds())));
        }
        catch (Exception error) when (HostErrors.IsHostFailure(error))
        {
            throw HostErrors.Io($"Failed to stat {path}", error);
        }
    }
}
