using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>UUIDs in canonical lowercase hyphenated form: random v4, name-based v5, time-ordered v7, parse, nil.</summary>
internal static class Uuids
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("uuid", (_, _) => Value.FromString(Guid.NewGuid().ToString("D")));
        registry.Register("uuid_v4", (_, _) => Value.FromString(Guid.NewGuid().ToString("D")));
        registry.Register("uuid_v7", (_, _) => Value.FromString(V7()));
        registry.Register("uuid_v5", V5);
        registry.Register("uuid_nil", (_, _) => Value.FromString(Guid.Empty.ToString("D")));
        registry.Register("uuid_parse", (_, args) =>
            Guid.TryParse(Args.String(args, 0, "uuid_parse"), out var parsed) ? Value.FromString(parsed.ToString("D")) : Value.Nil);
    }

    /// <summary>RFC 9562 v7: 48 bits of Unix milliseconds, then version, random bits and variant.</summary>
    private static string V7()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        var milliseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Span<byte> time = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(time, milliseconds);
        time[2..].CopyTo(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x70);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return Format(bytes);
    }

    private static Value V5(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var space = Args.String(args, 0, "uuid_v5");
        var name = Args.String(args, 1, "uuid_v5");
        var namespaceId = space.ToLowerInvariant() switch
        {
            "dns" => "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
            "url" => "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
            "oid" => "6ba7b812-9dad-11d1-80b4-00c04fd430c8",
            "x500" => "6ba7b814-9dad-11d1-80b4-00c04fd430c8",
            _ => Guid.TryParse(space, out var parsed) ? parsed.ToString("D") : throw RuntimeErrors.Runtime($"uuid_v5: invalid namespace '{space}'"),
        };
        var input = Convert.FromHexString(namespaceId.Replace("-", string.Empty)).Concat(Encoding.UTF8.GetBytes(name)).ToArray();
        var hash = SHA1.HashData(input).AsSpan(0, 16).ToArray();
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return Value.FromString(Format(hash));
    }

    private static string Format(ReadOnlySpan<byte> bytes)
    {
        var hex = Convert.ToHexString(bytes).ToLowerInvariant();
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}
