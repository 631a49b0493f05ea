using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>
/// Listener TLS descriptions for inbound HTTP servers: <c>plain</c>, <c>edge</c> (TLS ends at a proxy),
/// <c>pem</c> (certificate files) and <c>self_signed_dev</c>, plus the security headers each implies
/// (HSTS for edge and pem only).
/// </summary>
internal static class HttpServerTls
{
    private const long DefaultHstsMaxAge = 31_536_000;

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("http_server_tls_plain", (_, _) => Config("plain", "http", terminateTls: false, hsts: false, HarnDict.Empty));
        registry.Register("http_server_tls_edge", (_, args) =>
            Config("edge", "https", terminateTls: false, hsts: true, HostValues.Options(args, 0, "http_server_tls_edge")));
        registry.Register("http_server_tls_pem", Pem);
        registry.Register("http_server_tls_self_signed_dev", SelfSignedDev);
        registry.Register("http_server_security_headers", SecurityHeaders);
    }

    private static Value Config(string mode, string scheme, bool terminateTls, bool hsts, HarnDict options, params (string Key, Value Value)[] extra)
    {
        var config = HarnDict.Empty
            .With("mode", Value.FromString(mode))
            .With("scheme", Value.FromString(scheme))
            .With("terminate_tls", Value.FromBool(terminateTls))
            .With("hsts", Value.FromBool(options.GetBool("hsts", hsts)))
            .With("hsts_max_age_seconds", Value.FromInt(options.GetInt("hsts_max_age_seconds") ?? DefaultHstsMaxAge))
            .With("hsts_include_subdomains", Value.FromBool(options.GetBool("hsts_include_subdomains", false)))
            .With("hsts_preload", Value.FromBool(options.GetBool("hsts_preload", false)));
        foreach (var (key, value) in extra)
        {
            config = config.With(key, value);
        }

        return Value.FromDict(config);
    }

    private static Value Pem(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var certPath = Args.String(args, 0, "http_server_tls_pem");
        var keyPath = Args.String(args, 1, "http_server_tls_pem");
        foreach (var path in new[] { certPath, keyPath })
        {
            if (!File.Exists(HostPaths.Full(path)))
            {
                throw HostErrors.Runtime($"http_server_tls_pem: file not found: {path}", HostErrors.NotFound);
            }
        }

        return Config("pem", "https", terminateTls: true, hsts: true, HostValues.Options(args, 2, "http_server_tls_pem"),
            ("cert_path", Value.FromString(certPath)), ("key_path", Value.FromString(keyPath)));
    }

    /// <summary>A fresh P-256 certificate for the given hosts, valid for 30 days, as PEM text.</summary>
    private static Value SelfSignedDev(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var hostsArg = Args.At(args, 0);
        var hosts = hostsArg.Kind switch
        {
            ValueKind.String => [hostsArg.AsString],
            ValueKind.List => hostsArg.AsList.Select(ValueFormatter.Display).ToList(),
            _ => new List<string> { "localhost" },
        };
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hosts.FirstOrDefault() ?? "localhost"}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            if (IPAddress.TryParse(host, out var address))
            {
                names.AddIpAddress(address);
            }
            else
            {
                names.AddDnsName(host);
            }
        }

        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
        var certPem = PemEncoding.WriteString("CERTIFICATE", certificate.RawData);
        var keyPem = PemEncoding.WriteString("PRIVATE KEY", key.ExportPkcs8PrivateKey());
        return Config("self_signed_dev", "https", terminateTls: true, hsts: false, HarnDict.Empty,
            ("cert_pem", Value.FromString(certPem + "\n")),
            ("key_pem", Value.FromString(keyPem + "\n")),
            ("hosts", HostValues.Strings(hosts)));
    }

    private static Value SecurityHeaders(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var config = Args.Dict(args, 0, "http_server_security_headers");
        if (!config.GetBool("hsts", false))
        {
            return Value.FromDict(HarnDict.Empty);
        }

        var value = new StringBuilder($"max-age={config.GetInt("hsts_max_age_seconds") ?? DefaultHstsMaxAge}");
        if (config.GetBool("hsts_include_subdomains", false))
        {
            value.Append("; includeSubDomains");
        }

        if (config.GetBool("hsts_preload", false))
        {
            value.Append("; preload");
        }

        return HostValues.Dict(("strict-transport-security", Value.FromString(value.ToString())));
    }
}
