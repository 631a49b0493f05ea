using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>
/// Cookie parsing and <c>Set-Cookie</c> serialisation, HMAC-signed cookie values, and stateless
/// signed session tokens (<c>v1.&lt;base64url json&gt;.&lt;base64url hmac&gt;</c>).
/// </summary>
internal static class Cookies
{
    private const string SessionVersion = "v1";

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("cookie_parse", (_, args) => Parse(Args.At(args, 0)));
        registry.Register("cookie_serialize", (_, args) => Value.FromString(Serialize(
            Args.String(args, 0, "cookie_serialize"), Args.String(args, 1, "cookie_serialize"), HostValues.Options(args, 2, "cookie_serialize"), secureDefaults: false)));
        registry.Register("cookie_delete", (_, args) => Value.FromString(Serialize(
            Args.String(args, 0, "cookie_delete"), string.Empty, DeletionOptions(HostValues.Options(args, 1, "cookie_delete")), secureDefaults: true)));
        registry.Register("cookie_sign", (_, args) => Value.FromString(Sign(Args.String(args, 0, "cookie_sign"), Args.String(args, 1, "cookie_sign"))));
        registry.Register("cookie_verify", CookieVerify);
        registry.Register("session_sign", (_, args) => Value.FromString(SessionSign(Args.At(args, 0), Args.String(args, 1, "session_sign"))));
        registry.Register("session_verify", (_, args) => SessionVerify(Args.String(args, 0, "session_verify"), Args.String(args, 1, "session_verify")));
        registry.Register("session_cookie", (_, args) => Value.FromString(Serialize(
            Args.String(args, 0, "session_cookie"), SessionSign(Args.At(args, 1), Args.String(args, 2, "session_cookie")), HostValues.Options(args, 3, "session_cookie"), secureDefaults: true)));
        registry.Register("session_from_cookies", SessionFromCookies);
        registry.Register("cookie_round_trip", RoundTrip);
    }

    private static HarnDict DeletionOptions(HarnDict options) =>
        options.With("max_age", Value.FromInt(0)).With("expires", Value.FromString("Thu, 01 Jan 1970 00:00:00 GMT"));

    /// <summary>The <c>Cookie</c> header lines of a string, a list of strings, or a headers dict.</summary>
    private static IEnumerable<string> HeaderLines(Value headers)
    {
        switch (headers.Kind)
        {
            case ValueKind.String:
                return [headers.AsString];
            case ValueKind.List:
                return headers.AsList.Where(item => item.Kind == ValueKind.String).Select(item => item.AsString);
            case ValueKind.Dict:
                foreach (var (key, value) in headers.AsDict)
                {
                    if (key.Equals("cookie", StringComparison.OrdinalIgnoreCase))
                    {
                        return HeaderLines(value);
                    }
                }

                return [];
            case ValueKind.Nil:
                return [];
            default:
                throw Args.Expected("cookie_parse", "a string, list or dict", headers);
        }
    }

    private static List<(string Name, string Value)> Pairs(Value headers, List<string> invalid)
    {
        var pairs = new List<(string, string)>();
        foreach (var line in HeaderLines(headers))
        {
            foreach (var raw in line.Split(';'))
            {
                var segment = raw.Trim();
                if (segment.Length == 0)
                {
                    continue;
                }

                var equals = segment.IndexOf('=');
                if (equals <= 0 || !IsToken(segment[..equals].Trim()))
                {
                    invalid.Add(segment);
                    continue;
                }

                var value = segment[(equals + 1)..].Trim();
                if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
                {
                    value = value[1..^1];
                }

                pairs.Add((segment[..equals].Trim(), value));
            }
        }

        return pairs;
    }

    private static Value Parse(Value headers)
    {
        var invalid = new List<string>();
        var pairs = Pairs(headers, invalid);
        var cookies = HarnDict.Empty;
        var all = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in pairs)
        {
            if (!cookies.ContainsKey(name))
            {
                cookies = cookies.With(name, Value.FromString(value));
            }

            if (!all.TryGetValue(name, out var values))
            {
                all[name] = values = [];
            }

            values.Add(value);
        }

        var duplicates = HarnDict.Empty;
        foreach (var (name, values) in all.Where(entry => entry.Value.Count > 1))
        {
            duplicates = duplicates.With(name, HostValues.Strings(values));
        }

        return HostValues.Dict(
            ("cookies", Value.FromDict(cookies)),
            ("pairs", HostValues.List(pairs.Select(pair => HostValues.Dict(("name", Value.FromString(pair.Name)), ("value", Value.FromString(pair.Value)))))),
            ("duplicates", Value.FromDict(duplicates)),
            ("invalid", HostValues.Strings(invalid)));
    }

    private static bool IsToken(string name) =>
        name.Length > 0 && name.All(c => c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".IndexOf(c) < 0);

    private static bool IsCookieValue(string value) =>
        value.All(c => c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) || (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E));

    /// <summary>One <c>Set-Cookie</c> value. Session helpers default to <c>Path=/; HttpOnly; Secure; SameSite=Lax</c>.</summary>
    private static string Serialize(string name, string value, HarnDict options, bool secureDefaults)
    {
        if (!IsToken(name))
        {
            throw RuntimeErrors.Runtime($"cookie_serialize: invalid cookie name '{name}'");
        }

        if (!IsCookieValue(value))
        {
            throw RuntimeErrors.Runtime($"cookie_serialize: invalid cookie value for '{name}'");
        }

        var text = new StringBuilder(name).Append('=').Append(value);
        var path = options.GetString("path") ?? (secureDefaults ? "/" : null);
        if (path is not null)
        {
            text.Append("; Path=").Append(path);
        }

        if (options.GetString("domain") is { } domain)
        {
            text.Append("; Domain=").Append(domain);
        }

        if (options.GetInt("max_age") is { } maxAge)
        {
            text.Append("; Max-Age=").Append(maxAge);
        }

        if (options.GetString("expires") is { } expires)
        {
            text.Append("; Expires=").Append(expires);
        }

        if (options.GetBool("http_only", secureDefaults))
        {
            text.Append("; HttpOnly");
        }

        var secure = options.GetBool("secure", secureDefaults);
        if (secure)
        {
            text.Append("; Secure");
        }

        var sameSite = options.GetString("same_site") ?? (secureDefaults ? "Lax" : null);
        if (sameSite is not null)
        {
            var normalized = sameSite.ToLowerInvariant() switch
            {
                "strict" => "Strict",
                "lax" => "Lax",
                "none" => "None",
                _ => throw RuntimeErrors.Runtime($"cookie_serialize: invalid same_site '{sameSite}' (expected Strict, Lax or None)"),
            };
            if (normalized == "None" && !secure)
            {
                throw RuntimeErrors.Runtime("cookie_serialize: SameSite=None requires secure: true");
            }

            text.Append("; SameSite=").Append(normalized);
        }

        return text.ToString();
    }

    private static string Mac(string payload, string secret) =>
        Crypto.Base64Url(Crypto.HmacSha256(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload)));

    private static string Sign(string value, string secret) => value + "." + Mac(value, secret);

    private static bool VerifyMac(string payload, string signature, string secret) =>
        Crypto.ConstantTimeEquals(Encoding.ASCII.GetBytes(Mac(payload, secret)), Encoding.ASCII.GetBytes(signature));

    private static Value Outcome(bool ok, string key, Value value, string? error) =>
        HostValues.Dict(("ok", Value.FromBool(ok)), (key, value), ("error", HostValues.Str(error)));

    private static Value CookieVerify(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var signed = Args.String(args, 0, "cookie_verify");
        var secret = Args.String(args, 1, "cookie_verify");
        var dot = signed.LastIndexOf('.');
        if (dot < 0)
        {
            return Outcome(false, "value", Value.Nil, "missing_signature");
        }

        var value = signed[..dot];
        return VerifyMac(value, signed[(dot + 1)..], secret)
            ? Outcome(true, "value", Value.FromString(value), null)
            : Outcome(false, "value", Value.Nil, "invalid_signature");
    }

    private static string SessionSign(Value payload, string secret)
    {
        var body = SessionVersion + "." + Crypto.Base64Url(Encoding.UTF8.GetBytes(JsonConversion.Stringify(payload)));
        return body + "." + Mac(body, secret);
    }

    private static Value SessionVerify(string token, string secret)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != SessionVersion)
        {
            return Outcome(false, "payload", Value.Nil, "malformed_token");
        }

        if (!VerifyMac(parts[0] + "." + parts[1], parts[2], secret))
        {
            return Outcome(false, "payload", Value.Nil, "invalid_signature");
        }

        var json = Crypto.FromBase64Url(parts[1]);
        return json is not null && JsonConversion.TryParse(Encoding.UTF8.GetString(json), out var payload)
            ? Outcome(true, "payload", payload, null)
            : Outcome(false, "payload", Value.Nil, "malformed_token");
    }

    private static Value SessionFromCookies(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var name = Args.String(args, 1, "session_from_cookies");
        var secret = Args.String(args, 2, "session_from_cookies");
        var cookies = Parse(Args.At(args, 0)).AsDict.GetDict("cookies")!;
        return cookies.GetString(name) is { } token ? SessionVerify(token, secret) : Outcome(false, "payload", Value.Nil, "missing_cookie");
    }

    /// <summary><c>cookie_round_trip(request_cookie?, set_cookie)</c>: applies <c>Set-Cookie</c> values to a request's cookies.</summary>
    private static Value RoundTrip(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var request = args.Length >= 2 ? Args.At(args, 0) : Value.Nil;
        var setCookies = args.Length >= 2 ? Args.At(args, 1) : Args.At(args, 0);
        var jar = Pairs(request, []).GroupBy(pair => pair.Name).Select(group => group.First()).ToList();
        var lines = setCookies.Kind switch
        {
            ValueKind.String => [setCookies.AsString],
            ValueKind.List => setCookies.AsList.Where(v => v.Kind == ValueKind.String).Select(v => v.AsString).ToList(),
            ValueKind.Dict => setCookies.AsDict.Where(e => e.Key.Equals("set-cookie", StringComparison.OrdinalIgnoreCase))
                .SelectMany(e => e.Value.Kind == ValueKind.List ? e.Value.AsList.Select(ValueFormatter.Display) : [ValueFormatter.Display(e.Value)]).ToList(),
            _ => new List<string>(),
        };
        foreach (var line in lines)
        {
            var segments = line.Split(';').Select(s => s.Trim()).ToArray();
            var equals = segments[0].IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var name = segments[0][..equals];
            var value = segments[0][(equals + 1)..];
            var deleted = segments.Skip(1).Any(attribute =>
                attribute.Equals("Max-Age=0", StringComparison.OrdinalIgnoreCase) || (attribute.StartsWith("Max-Age=-", StringComparison.OrdinalIgnoreCase)));
            var index = jar.FindIndex(pair => pair.Name == name);
            if (deleted)
            {
                if (index >= 0)
                {
                    jar.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                jar[index] = (name, value);
            }
            else
            {
                jar.Add((name, value));
            }
        }

        var header = string.Join("; ", jar.Select(pair => pair.Name + "=" + pair.Value));
        var cookies = HarnDict.Empty;
        foreach (var (name, value) in jar)
        {
            cookies = cookies.With(name, Value.FromString(value));
        }

        return HostValues.Dict(("cookie_header", Value.FromString(header)), ("cookies", Value.FromDict(cookies)));
    }
}
