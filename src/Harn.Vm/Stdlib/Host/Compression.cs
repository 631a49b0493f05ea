using System.Formats.Tar;
using System.IO.Compression;
using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>
/// gzip, brotli and zstd (bytes or string in, bytes out, optional level) and tar/zip archives built
/// from and read into lists of <c>{path, content, mode?}</c>. Decoding is capped so a small bomb
/// cannot exhaust memory.
/// </summary>
internal static class Compression
{
    /// <summary>The largest output a decoder may produce.</summary>
    private const long MaxDecodedBytes = 1L << 30;

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("gzip_encode", (_, args) => Value.FromBytes(Encode(args, "gzip_encode", (s, level) => new GZipStream(s, GzipLevel(level)))));
        registry.Register("gzip_decode", (_, args) => Value.FromBytes(Decode(args, "gzip_decode", s => new GZipStream(s, CompressionMode.Decompress))));
        registry.Register("brotli_encode", (_, args) => Value.FromBytes(BrotliEncode(args)));
        registry.Register("brotli_decode", (_, args) => Value.FromBytes(Decode(args, "brotli_decode", s => new BrotliStream(s, CompressionMode.Decompress))));
        registry.Register("zstd_encode", (_, args) => Value.FromBytes(ZstdEncode(args)));
        registry.Register("zstd_decode", (_, args) => Value.FromBytes(Decode(args, "zstd_decode", s => new ZstdSharp.DecompressionStream(s))));
        registry.Register("tar_create", TarCreate);
        registry.Register("tar_extract", TarExtract);
        registry.Register("zip_create", ZipCreate);
        registry.Register("zip_extract", ZipExtract);
    }

    private static int? Level(ReadOnlySpan<Value> args, string function) => Args.At(args, 1).IsNil ? null : (int)Args.Int(args, 1, function);

    private static CompressionLevel GzipLevel(int? level) => level switch
    {
        null => CompressionLevel.Optimal,
        <= 0 => CompressionLevel.NoCompression,
        <= 3 => CompressionLevel.Fastest,
        <= 6 => CompressionLevel.Optimal,
        _ => CompressionLevel.SmallestSize,
    };

    private static byte[] Encode(ReadOnlySpan<Value> args, string function, Func<Stream, int?, Stream> compressor)
    {
        var input = HostValues.BytesArg(args, 0, function);
        var level = Level(args, function);
        var output = new MemoryStream();
        using (var stream = compressor(output, level))
        {
            stream.Write(input);
        }

        return output.ToArray();
    }

    private static byte[] BrotliEncode(ReadOnlySpan<Value> args)
    {
        var input = HostValues.BytesArg(args, 0, "brotli_encode");
        var quality = Math.Clamp(Level(args, "brotli_encode") ?? 6, 0, 11);
        var output = new byte[BrotliEncoder.GetMaxCompressedLength(input.Length)];
        return BrotliEncoder.TryCompress(input, output, out var written, quality, 22)
            ? output[..written]
            : throw RuntimeErrors.Runtime("brotli_encode: compression failed");
    }

    private static byte[] ZstdEncode(ReadOnlySpan<Value> args)
    {
        var input = HostValues.BytesArg(args, 0, "zstd_encode");
        using var compressor = new ZstdSharp.Compressor(Math.Clamp(Level(args, "zstd_encode") ?? 3, 1, 22));
        return compressor.Wrap(input).ToArray();
    }

    private static byte[] Decode(ReadOnlySpan<Value> args, string function, Func<Stream, Stream> decompressor)
    {
        var input = HostValues.BytesArg(args, 0, function);
        try
        {
            using var stream = decompressor(new MemoryStream(input));
            return ReadCapped(stream, function);
        }
        catch (Exception error) when (error is InvalidDataException or IOException or ZstdSharp.ZstdException)
        {
            throw RuntimeErrors.Runtime($"{function}: invalid compressed data: {error.Message}");
        }
    }

    private static byte[] ReadCapped(Stream stream, string function)
    {
        var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (output.Length + read > MaxDecodedBytes)
            {
                throw RuntimeErrors.Runtime($"{function}: output exceeds {MaxDecodedBytes} bytes");
            }

            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }

    private static IEnumerable<(string Path, byte[] Content, int? Mode)> ArchiveEntries(ReadOnlySpan<Value> args, string function)
    {
        var entries = new List<(string, byte[], int?)>();
        foreach (var item in Args.List(args, 0, function))
        {
            if (item.Kind != ValueKind.Dict || item.AsDict.GetString("path") is not { Length: > 0 } path)
            {
                throw RuntimeErrors.Runtime($"{function}: each entry must be a dict with a non-empty path");
            }

            var mode = item.AsDict.GetInt("mode");
            entries.Add((path, HostValues.Bytes(item.AsDict.Get("content", Value.Nil)), mode is { } m ? (int)m : null));
        }

        return entries;
    }

    private static Value Entry(string path, byte[] content, int? mode)
    {
        var entry = HarnDict.Empty.With("path", Value.FromString(path)).With("content", Value.FromBytes(content));
        return Value.FromDict(mode is { } m ? entry.With("mode", Value.FromInt(m)) : entry);
    }

    private static Value TarCreate(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, content, mode) in ArchiveEntries(args, "tar_create"))
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, path)
                {
                    DataStream = new MemoryStream(content),
                    Mode = (UnixFileMode)(mode ?? 420),
                };
                writer.WriteEntry(entry);
            }
        }

        return Value.FromBytes(output.ToArray());
    }

    private static Value TarExtract(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var input = HostValues.BytesArg(args, 0, "tar_extract");
        var entries = new List<Value>();
        try
        {
            using var reader = new TarReader(new MemoryStream(input));
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                {
                    var content = entry.DataStream is { } data ? ReadCapped(data, "tar_extract") : [];
                    entries.Add(Entry(entry.Name, content, (int)entry.Mode));
                }
            }
        }
        catch (Exception error) when (error is InvalidDataException or IOException or FormatException)
        {
            throw RuntimeErrors.Runtime($"tar_extract: invalid tar archive: {error.Message}");
        }

        return HostValues.List(entries);
    }

    private static Value ZipCreate(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content, mode) in ArchiveEntries(args, "zip_create"))
            {
                var entry = archive.CreateEntry(path, CompressionLevel.Optimal);
                if (mode is { } m)
                {
                    entry.ExternalAttributes = m << 16;
                }

                using var stream = entry.Open();
                stream.Write(content);
            }
        }

        return Value.FromBytes(output.ToArray());
    }

    private static Value ZipExtract(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var input = HostValues.BytesArg(args, 0, "zip_extract");
        var entries = new List<Value>();
        try
        {
            using var archive = new ZipArchive(new MemoryStream(input), ZipArchiveMode.Read);
            foreach (var entry in archive.Entries.Where(e => !e.FullName.EndsWith('/')))
            {
                using var stream = entry.Open();
                var mode = (entry.ExternalAttributes >> 16) & 0xFFFF;
                entries.Add(Entry(entry.FullName, ReadCapped(stream, "zip_extract"), mode == 0 ? null : mode));
            }
        }
        catch (InvalidDataException error)
        {
            throw RuntimeErrors.Runtime($"zip_extract: invalid zip archive: {error.Message}");
        }

        return HostValues.List(entries);
    }
}
