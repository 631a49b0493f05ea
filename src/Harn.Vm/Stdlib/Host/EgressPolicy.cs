using System.Net;
using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>
/// The outbound network policy (<c>egress_policy</c>): allow and deny rules of exact hosts,
/// <c>*.suffix</c> wildcards, IP literals or CIDR ranges, each with an optional <c>:port</c>. Deny wins;
/// <c>default: "deny"</c> makes the allow list exhaustive. Blocked requests throw
/// <c>{type: "EgressBlocked", category: "egress_blocked", host, port, reason, url}</c>.
/// </summary>
internal sealed class EgressPolicy
{
    private readonly List<string> _allow;
    private readonly List<string> _deny;
    private readonly bool _defaultDeny;

    private EgressPolicy(List<string> allow, List<string> deny, bool defaultDeny)
    {
        _allow = allow;
        _deny = deny;
        _defaultDeny = defaultDeny;
    }

    public static EgressPolicy? FromEnvironment()
    {
        static List<string> Split(string name) =>
            (Environment.GetEnvironmentVariable(name) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

        var allow = Split("HARN_EGRESS_ALLOW");
        var deny = Split("HARN_EGRESS_DENY");
        var defaultDeny = string.Equals(Environment.GetEnvironmentVariable("HARN_EGRESS_DEFAULT"), "deny", StringComparison.OrdinalIgnoreCase);
        return allow.Count + deny.Count == 0 && !defaultDeny ? null : new EgressPolicy(allow, deny, defaultDeny);
    }

    public static EgressPolicy FromConfig(HarnDict config)
    {
        static List<string> Rules(HarnDict config, string key) =>
            config.TryGetValue(key, out var list) && list.Kind == ValueKind.List ? list.AsList.Select(ValueFormatter.Display).ToList() : [];

        var fallback = config.GetString("default") ?? "allow";
        if (fallback is not ("allow" or "deny"))
        {
            throw RuntimeErrors.Runtime($"egress_policy: default must be \"allow\" or \"deny\", got \"{fallback}\"");
        }

        return new EgressPolicy(Rules(config, "allow"), Rules(config, "deny"), fallback == "deny");
    }

    public Value Describe() => HostValues.Dict(
        ("allow", HostValues.Strings(_allow)),
        ("deny", HostValues.Strings(_deny)),
        ("default", Value.FromString(_defaultDeny ? "deny" : "allow")));

    /// <summary>Throws the EgressBlocked error when <paramref name="url"/> may not be reached.</summary>
    public void Check(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return;
        }

        var host = uri.IdnHost.Trim('[', ']').ToLowerInvariant();
        var port = uri.Port;
        string? reason = null;
        if (_deny.Any(rule => Matches(rule, host, port)))
        {
            reason = "denied by egress policy";
        }
        else if (_defaultDeny && !_allow.Any(rule => Matches(rule, host, port)))
        {
            reason = "not in egress allow list";
        }

        if (reason is not null)
        {
            var error = HostValues.Dict(
                ("type", Value.FromString("EgressBlocked")),
                ("category", Value.FromString("egress_blocked")),
                ("message", Value.FromString($"egress blocked: {host}:{port} ({reason})")),
                ("host", Value.FromString(host)),
                ("port", Value.FromInt(port)),
                ("reason", Value.FromString(reason)),
                ("url", Value.FromString(url)));
            throw HarnRuntimeException.Throw(error);
        }
    }

    private static bool Matches(string rule, string host, int port)
    {
        var pattern = rule.Trim().ToLowerInvariant();
        int? rulePort = null;
        var colon = pattern.LastIndexOf(':');
        if (colon > 0 && !pattern.Contains('/') && pattern.Count(c => c == ':') == 1 && int.TryParse(pattern[(colon + 1)..], out var parsedPort))
        {
            rulePort = parsedPort;
            pattern = pattern[..colon];
        }

        if (rulePort is { } required && required != port)
        {
            return false;
        }

        if (pattern.Contains('/'))
        {
            return IPNetwork.TryParse(pattern, out var network) && IPAddress.TryParse(host, out var address) && network.Contains(address);
        }

        if (pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return host.EndsWith(pattern[1..], StringComparison.Ordinal);
        }

        return pattern == host;
    }
}
