using System.Security.Cryptography;
using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>
/// multipart/form-data: building bodies (<c>multipart_form_data</c>, HTTP <c>multipart</c> option) and
/// parsing them with limits (<c>multipart_parse</c>, <c>multipart_field_text</c>, <c>multipart_field_bytes</c>).
/// </summary>
internal static class Multipart
{
    private const long DefaultMaxTotalBytes = 10L << 20;
    private const long DefaultMaxFieldBytes = 5L << 20;
    private const long DefaultMaxFields = 128;

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("multipart_form_data", FormData);
        registry.Register("multipart_parse", Parse);
        registry.Register("multipart_field_text", FieldText);
        registry.Register("multipart_field_bytes", (_, args) => Value.FromBytes(FieldBytes(Args.Dict(args, 0, "multipart_field_bytes"))));
    }

    /// <summary>The body of <paramref name="fields"/>: each <c>{name, value|content|value_base64|path, filename?, content_type?, headers?}</c>.</summary>
    public static byte[] Encode(HarnList fields, string boundary, string function)
    {
        var output = new MemoryStream();
        void Write(string text) => output.Write(Encoding.UTF8.GetBytes(text));
        foreach (var item in fields)
        {
            if (item.Kind != ValueKind.Dict || item.AsDict.GetString("name") is not { } name)
            {
                throw RuntimeErrors.Runtime($"{function}: each multipart field must be a dict with a name");
            }

            var field = item.AsDict;
            byte[] content;
            if (field.GetString("value_base64") is { } encoded)
            {
                content = Convert.FromBase64String(encoded);
            }
            else if (field.GetString("path") is { } path)
            {
                try
                {
                    content = File.ReadAllBytes(HostPaths.Full(path));
                }
                catch (Exception error) when (HostErrors.IsHostFailure(error))
                {
                    throw HostErrors.Io($"Failed to read file {path}", error);
                }
            }
            else
            {
                content = HostValues.Bytes(field.TryGetValue("value", out var value) ? value : field.Get("content", Value.Nil));
            }

            Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"");
            if (field.GetString("filename") is { } filename)
            {
                Write($"; filename=\"{filename}\"");
            }

            Write("\r\n");
            if (field.GetString("content_type") is { } contentType)
            {
                Write($"Content-Type: {contentType}\r\n");
            }

            foreach (var (header, headerValue) in field.GetDict("headers") ?? HarnDict.Empty)
            {
                Write($"{header}: {ValueFormatter.Display(headerValue)}\r\n");
            }

            Write("\r\n");
            output.Write(content);
            Write("\r\n");
        }

        Write($"--{boundary}--\r\n");
        return output.ToArray();
    }

    private static Value FormData(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var boundary = "harn-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        var body = Encode(Args.List(args, 0, "multipart_form_data"), boundary, "multipart_form_data");
        return HostValues.Dict(
            ("boundary", Value.FromString(boundary)),
            ("content_type", Value.FromString("multipart/form-data; boundary=" + boundary)),
            ("body", Value.FromBytes(body)));
    }

    private static Value Parse(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var body = HostValues.BytesArg(args, 0, "multipart_parse");
        var contentType = Args.String(args, 1, "multipart_parse");
        var options = HostValues.Options(args, 2, "multipart_parse");
        var maxTotal = options.GetInt("max_total_bytes") ?? DefaultMaxTotalBytes;
        var maxField = options.GetInt("max_field_bytes") ?? DefaultMaxFieldBytes;
        var maxFields = options.GetInt("max_fields") ?? DefaultMaxFields;
        if (body.Length > maxTotal)
        {
            throw RuntimeErrors.Runtime($"multipart_parse: body of {body.Length} bytes exceeds max_total_bytes {maxTotal}");
        }

        var boundaryAt = contentType.IndexOf("boundary=", StringComparison.OrdinalIgnoreCase);
        if (boundaryAt < 0)
        {
            throw RuntimeErrors.Runtime("multipart_parse: content type has no boundary");
        }

        var boundary = contentType[(boundaryAt + 9)..].Split(';')[0].Trim().Trim('"');
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var position = IndexOf(body, delimiter, 0);
        if (position < 0)
        {
            throw RuntimeErrors.Runtime("multipart_parse: boundary not found in body");
        }

        var fields = new List<Value>();
        while (true)
        {
            position += delimiter.Length;
            if (position + 1 < body.Length && body[position] == '-' && body[position + 1] == '-')
            {
                break;
            }

            position = SkipLineBreak(body, position);
            var next = IndexOf(body, delimiter, position);
            if (next < 0)
            {
                throw RuntimeErrors.Runtime("multipart_parse: unterminated part");
            }

            var partEnd = next >= 2 && body[next - 2] == '\r' && body[next - 1] == '\n' ? next - 2 : next;
            if (fields.Count >= maxFields)
            {
                throw RuntimeErrors.Runtime($"multipart_parse: more than max_fields {maxFields} fields");
            }

            fields.Add(ParsePart(body.AsSpan(position, partEnd - position), maxField));
            position = next;
        }

        return HostValues.Dict(
            ("fields", HostValues.List(fields)),
            ("field_count", Value.FromInt(fields.Count)),
            ("total_bytes", Value.FromInt(body.Length)),
            ("boundary", Value.FromString(boundary)));
    }

    private static Value ParsePart(ReadOnlySpan<byte> part, long maxField)
    {
        var separator = "\r\n\r\n"u8;
        var split = part.IndexOf(separator);
        if (split < 0)
        {
            throw RuntimeErrors.Runtime("multipart_parse: part has no header terminator");
        }

        var content = part[(split + 4)..].ToArray();
        if (content.Length > maxField)
        {
            throw RuntimeErrors.Runtime($"multipart_parse: field of {content.Length} bytes exceeds max_field_bytes {maxField}");
        }

        var headers = HarnDict.Empty;
        string? name = null;
        string? filename = null;
        foreach (var line in Encoding.UTF8.GetString(part[..split]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var header = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            headers = headers.With(header, Value.FromString(value));
            if (header == "content-disposition")
            {
                name = Parameter(value, "name");
                filename = Parameter(value, "filename");
            }
        }

        string? text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            text = null;
        }

        return HostValues.Dict(
            ("name", HostValues.Str(name)),
            ("filename", HostValues.Str(filename)),
            ("content_type", HostValues.Str(headers.GetString("content-type"))),
            ("headers", Value.FromDict(headers)),
            ("bytes", Value.FromBytes(content)),
            ("size", Value.FromInt(content.Length)),
            ("text", HostValues.Str(text)));
    }

    private static string? Parameter(string disposition, string key)
    {
        foreach (var piece in disposition.Split(';').Skip(1))
        {
            var equals = piece.IndexOf('=');
            if (equals > 0 && piece[..equals].Trim().Equals(key, StringComparison.OrdinalIgnoreCase))
            {
                return piece[(equals + 1)..].Trim().Trim('"');
            }
        }

        return null;
    }

    private static int SkipLineBreak(byte[] body, int position) =>
        position + 1 < body.Length && body[position] == '\r' && body[position + 1] == '\n' ? position + 2
        : position < body.Length && body[position] == '\n' ? position + 1
        : position;

    private static int IndexOf(byte[] haystack, byte[] needle, int start)
    {
        var found = haystack.AsSpan(start).IndexOf(needle);
        return found < 0 ? -1 : start + found;
    }

    private static byte[] FieldBytes(HarnDict field) =>
        field.TryGetValue("bytes", out var bytes) && bytes.Kind == ValueKind.Bytes ? bytes.As<byte[]>() : HostValues.Bytes(field.Get("text", Value.Nil));

    private static Value FieldText(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var field = Args.Dict(args, 0, "multipart_field_text");
        return field.GetString("text") is { } text
            ? Value.FromString(text)
            : throw RuntimeErrors.Runtime($"multipart_field_text: field '{field.GetString("name")}' is not valid UTF-8 text");
    }
}
