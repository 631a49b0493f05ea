using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>Text encodings (base64, base64url, base32, hex, url) and the basic bytes builtins.</summary>
internal static class Encodings
{
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("base64_encode", (_, args) => Value.FromString(Convert.ToBase64String(BytesOf(args, "base64_encode"))));
        registry.Register("base64_decode", (_, args) => Text(Decode(args, "base64_decode", s => Convert.FromBase64String(s))));
        registry.Register("base64url_encode", (_, args) => Value.FromString(Convert.ToBase64String(BytesOf(args, "base64url_encode")).TrimEnd('=').Replace('+', '-').Replace('/', '_')));
        registry.Register("base64url_decode", (_, args) => Text(Decode(args, "base64url_decode", DecodeBase64Url)));
        registry.Register("base32_encode", (_, args) => Value.FromString(Base32Encode(BytesOf(args, "base32_encode"))));
        registry.Register("base32_decode", (_, args) => Text(Decode(args, "base32_decode", Base32Decode)));
        registry.Register("hex_encode", (_, args) => Value.FromString(Convert.ToHexString(BytesOf(args, "hex_encode")).ToLowerInvariant()));
        registry.Register("hex_decode", (_, args) => Text(Decode(args, "hex_decode", Convert.FromHexString)));
        registry.Register("url_encode", (_, args) => Value.FromString(UrlEncode(Args.String(args, 0, "url_encode"))));
        registry.Register("url_decode", (_, args) => Value.FromString(UrlDecode(Args.String(args, 0, "url_decode"))));
        registry.Register("bytes_from_string", (_, args) => Value.FromBytes(Encoding.UTF8.GetBytes(Args.String(args, 0, "bytes_from_string"))));
        registry.Register("bytes_to_string", (_, args) => Value.FromString(StrictUtf8(RawBytes(args, "bytes_to_string"), "bytes_to_string")));
        registry.Register("bytes_to_string_lossy", (_, args) => Value.FromString(Encoding.UTF8.GetString(RawBytes(args, "bytes_to_string_lossy"))));
        registry.Register("bytes_from_hex", (_, args) => Value.FromBytes(Decode(args, "bytes_from_hex", Convert.FromHexString)));
        registry.Register("bytes_to_hex", (_, args) => Value.FromString(Convert.ToHexString(RawBytes(args, "bytes_to_hex")).ToLowerInvariant()));
        registry.Register("bytes_len", (_, args) => Value.FromInt(RawBytes(args, "bytes_len").Length));
    }

    /// <summary>Percent-encodes every UTF-8 byte except the unreserved <c>A-Z a-z 0-9 - _ . ~</c> (uppercase hex, space as <c>%20</c>).</summary>
    public static string UrlEncode(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>Decodes <c>%XX</c> sequences and <c>+</c> as space; a malformed <c>%</c> stays as is, invalid UTF-8 becomes U+FFFD.</summary>
    public static string UrlDecode(string text)
    {
        var bytes = new List<byte>(text.Length);
        var source = Encoding.UTF8.GetBytes(text);
        for (var i = 0; i < source.Length; i++)
        {
            var b = source[i];
            if (b == (byte)'%' && i + 2 < source.Length && IsHex(source[i + 1]) && IsHex(source[i + 2]))
            {
                bytes.Add((byte)((HexValue(source[i + 1]) << 4) | HexValue(source[i + 2])));
                i += 2;
            }
            else
            {
                bytes.Add(b == (byte)'+' ? (byte)' ' : b);
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsHex(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F');

    private static int HexValue(byte b) => b <= (byte)'9' ? b - '0' : (b | 0x20) - 'a' + 10;

    /// <summary>The first argument as bytes: a string's UTF-8 encoding, or a bytes value.</summary>
    private static byte[] BytesOf(ReadOnlySpan<Value> args, string function)
    {
        var value = Args.At(args, 0);
        return value.Kind switch
        {
            ValueKind.String => Encoding.UTF8.GetBytes(value.AsString),
            ValueKind.Bytes => value.As<byte[]>(),
            _ => throw Args.Expected(function, "a string or bytes", value),
        };
    }

    private static byte[] RawBytes(ReadOnlySpan<Value> args, string function)
    {
        var value = Args.At(args, 0);
        return value.Kind == ValueKind.Bytes ? value.As<byte[]>() : throw Args.Expected(function, "bytes", value);
    }

    private static byte[] Decode(ReadOnlySpan<Value> args, string function, Func<string, byte[]> decode)
    {
        var text = Args.String(args, 0, function);
        try
        {
            return decode(text);
        }
        catch (FormatException)
        {
            throw RuntimeErrors.Runtime($"{function}: invalid input");
        }
    }

    private static Value Text(byte[] bytes) => Value.FromString(StrictUtf8(bytes, "decode"));

    private static string StrictUtf8(byte[] bytes, string function)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw RuntimeErrors.Runtime($"{function}: invalid UTF-8");
        }
    }

    private static byte[] DecodeBase64Url(string text)
    {
        var standard = text.TrimEnd('=').Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '='));
    }

    private static string Base32Encode(byte[] bytes)
    {
        var builder = new StringBuilder((bytes.Length + 4) / 5 * 8);
        for (var i = 0; i < bytes.Length; i += 5)
        {
            var count = Math.Min(5, bytes.Length - i);
            ulong buffer = 0;
            for (var j = 0; j < 5; j++)
            {
                buffer = (buffer << 8) | (j < count ? bytes[i + j] : 0u);
            }

            var chars = (count * 8 + 4) / 5;
            for (var j = 0; j < 8; j++)
            {
                builder.Append(j < chars ? Base32Alphabet[(int)((buffer >> (35 - (j * 5))) & 31)] : '=');
            }
        }

        return builder.ToString();
    }

    private static byte[] Base32Decode(string text)
    {
        var output = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            var index = Base32Alphabet.IndexOf(char.ToUpperInvariant(c));
            if (index < 0)
            {
                throw new FormatException();
            }

            buffer = (buffer << 5) | index;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        return output.ToArray();
    }
}
