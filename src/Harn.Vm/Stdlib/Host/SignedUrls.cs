using System.Globalization;
using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>
/// <c>signed_url</c> / <c>verify_signed_url</c>: short-lived HMAC-SHA256 signed links. The signed
/// payload is <c>v1</c>, the canonical resource (origin + path, or the path) and the canonical
/// query (RFC 3986 percent-encoded pairs, sorted), one per line.
/// </summary>
internal static class SignedUrls
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("signed_url", Sign);
        registry.Register("verify_signed_url", Verify);
    }

    private sealed record Names(string Expires, string KeyId, string Signature)
    {
        public static Names From(HarnDict options) => new(
            options.GetString("expires_param") ?? "exp",
            options.GetString("kid_param") ?? "kid",
            options.GetString("signature_param") ?? "sig");
    }

    private static Value Sign(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var url = Args.String(args, 0, "signed_url");
        var claims = Args.At(args, 1).IsNil ? HarnDict.Empty : Args.Dict(args, 1, "signed_url");
        var secret = Args.String(args, 2, "signed_url");
        var expiresAt = Args.Int(args, 3, "signed_url");
        var options = HostValues.Options(args, 4, "signed_url");
        var names = Names.From(options);
        var (resource, query) = Split(url, "signed_url");
        var pairs = query.Where(pair => pair.Key != names.Signature).ToList();
        foreach (var (key, value) in claims)
        {
            pairs.RemoveAll(pair => pair.Key == key);
            pairs.Add((key, value.Kind == ValueKind.String ? value.AsString : ValueFormatter.Display(value)));
        }

        pairs.RemoveAll(pair => pair.Key == names.Expires || pair.Key == names.KeyId);
        pairs.Add((names.Expires, expiresAt.ToString(CultureInfo.InvariantCulture)));
        if (options.GetString("kid") is { } kid)
        {
            pairs.Add((names.KeyId, kid));
        }

        var canonical = CanonicalQuery(pairs);
        var signature = Mac(secret, resource, canonical);
        return Value.FromString($"{resource}?{canonical}&{Encode(names.Signature)}={signature}");
    }

    private static Value Verify(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var url = Args.String(args, 0, "verify_signed_url");
        var keys = Args.At(args, 1);
        var now = Args.Int(args, 2, "verify_signed_url");
        var options = HostValues.Options(args, 3, "verify_signed_url");
        var names = Names.From(options);
        var skew = options.GetInt("skew_seconds") ?? 0;
        var (resource, query) = Split(url, "verify_signed_url");
        string? Find(string name) => query.Where(pair => pair.Key == name).Select(pair => pair.Value).FirstOrDefault();
        var signature = Find(names.Signature);
        var kid = Find(names.KeyId);
        long? expiresAt = long.TryParse(Find(names.Expires), NumberStyles.Integer, CultureInfo.InvariantCulture, out var exp) ? exp : null;
        var claims = HarnDict.Empty;
        foreach (var (key, value) in query.Where(pair => pair.Key != names.Signature && pair.Key != names.KeyId && pair.Key != names.Expires))
        {
            claims = claims.With(key, Value.FromString(value));
        }

        Value Result(bool valid, string reason, bool signatureValid, bool expired) => HostValues.Dict(
            ("valid", Value.FromBool(valid)),
            ("reason", Value.FromString(reason)),
            ("signature_valid", Value.FromBool(signatureValid)),
            ("expired", Value.FromBool(expired)),
            ("expires_at", expiresAt is { } at ? Value.FromInt(at) : Value.Nil),
            ("kid", HostValues.Str(kid)),
            ("claims", Value.FromDict(claims)));

        if (signature is null)
        {
            return Result(false, "missing_signature", false, false);
        }

        if (expiresAt is null)
        {
            return Result(false, "missing_expiry", false, false);
        }

        string? secret = keys.Kind switch
        {
            ValueKind.String => keys.AsString,
            ValueKind.Dict when kid is not null => keys.AsDict.GetString(kid),
            _ => null,
        };
        if (secret is null)
        {
            return Result(false, "unknown_kid", false, false);
        }

        var canonical = CanonicalQuery(query.Where(pair => pair.Key != names.Signature));
        var expected = Mac(secret, resource, canonical);
        var signatureValid = Crypto.ConstantTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.UTF8.GetBytes(signature));
        var expired = now > expiresAt + skew;
        return !signatureValid ? Result(false, "bad_signature", false, expired)
            : expired ? Result(false, "expired", true, true)
            : Result(true, "ok", true, false);
    }

    private static string Mac(string secret, string resource, string canonicalQuery) =>
        Crypto.Base64Url(Crypto.HmacSha256(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v1\n{resource}\n{canonicalQuery}")));

    /// <summary>The canonical resource (origin + encoded path) and the decoded query pairs of an absolute URL or path.</summary>
    private static (string Resource, List<(string Key, string Value)> Query) Split(string url, string function)
    {
        var hash = url.IndexOf('#');
        if (hash >= 0)
        {
            url = url[..hash];
        }

        var question = url.IndexOf('?');
        var location = question >= 0 ? url[..question] : url;
        var query = question >= 0 ? url[(question + 1)..] : string.Empty;
        string origin;
        string path;
        if (location.StartsWith('/'))
        {
            origin = string.Empty;
            path = location;
        }
        else if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.Host.Length > 0)
        {
            var schemeEnd = location.IndexOf("://", StringComparison.Ordinal) + 3;
            var slash = location.IndexOf('/', schemeEnd);
            origin = (slash < 0 ? location : location[..slash]).ToLowerInvariant();
            path = slash < 0 ? "/" : location[slash..];
        }
        else
        {
            throw RuntimeErrors.Runtime($"{function}: expected an absolute URL or a path starting with '/', got '{url}'");
        }

        var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var equals = part.IndexOf('=');
            return equals < 0 ? (Decode(part), string.Empty) : (Decode(part[..equals]), Decode(part[(equals + 1)..]));
        }).ToList();
        return (origin + EncodePath(path), pairs);
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    private static string CanonicalQuery(IEnumerable<(string Key, string Value)> pairs) =>
        string.Join('&', pairs.Select(pair => Encode(pair.Key) + "=" + Encode(pair.Value)).Order(StringComparer.Ordinal));

    private static bool IsUnreserved(byte b) => char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~';

    public static string Encode(string text)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (IsUnreserved(b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>Keeps '/' and existing <c>%XX</c> escapes (upper-cased); encodes everything else that is not unreserved.</summary>
    private static string EncodePath(string path)
    {
        var builder = new StringBuilder();
        var bytes = Encoding.UTF8.GetBytes(path);
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == '%' && i + 2 < bytes.Length && Uri.IsHexDigit((char)bytes[i + 1]) && Uri.IsHexDigit((char)bytes[i + 2]))
            {
                builder.Append('%').Append(char.ToUpperInvariant((char)bytes[i + 1])).Append(char.ToUpperInvariant((char)bytes[i + 2]));
                i += 2;
            }
            else if (b == '/' || IsUnreserved(b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
