using System.Text.RegularExpressions;
using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>
/// The run's HTTP mocks (<c>http_mock</c>): a method and URL glob (<c>*</c> matches anything) with
/// one response or a sequence of them (the last repeats). Re-registering the same method and
/// pattern replaces the mock. Every request that reaches a mock is recorded for <c>http_mock_calls</c>.
/// </summary>
internal sealed class HttpMocks
{
    private static readonly HashSet<string> SensitiveHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key", "x-auth-token",
    };

    private static readonly Regex SensitiveParameter = new("(?i)(token|secret|password|passwd|api[_-]?key|apikey|auth|signature|sig|credential|session)", RegexOptions.CultureInvariant);

    private sealed class Mock(string method, string pattern, List<HarnDict> responses)
    {
        public string Method { get; } = method;

        public string Pattern { get; } = pattern;

        public Regex Matcher { get; } = new("^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant);

        public List<HarnDict> Responses { get; } = responses;

        public int Served { get; set; }
    }

    /// <summary>Requests run off the VM thread (a retry after a backoff), so the tables are only touched under this lock.</summary>
    private readonly object _gate = new();

    private readonly List<Mock> _mocks = [];

    private readonly List<(string Method, string Url, HarnDict Headers, string? Body)> _calls = [];

    public void Add(string method, string pattern, HarnDict config)
    {
        var responses = config.TryGetValue("responses", out var list) && list.Kind == ValueKind.List
            ? list.AsList.Select(item => item.Kind == ValueKind.Dict ? item.AsDict : HarnDict.Empty).ToList()
            : [config];
        var upper = method.ToUpperInvariant();
        lock (_gate)
        {
            _mocks.RemoveAll(mock => mock.Method == upper && mock.Pattern == pattern);
            _mocks.Add(new Mock(upper, pattern, responses));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _mocks.Clear();
            _calls.Clear();
        }
    }

    /// <summary>The mocked response for a request, or null when no mock matches (the request then goes to the network).</summary>
    public HttpResponseData? Match(string method, string url, HarnDict headers, string? body)
    {
        lock (_gate)
        {
            return MatchLocked(method, url, headers, body);
        }
    }

    private HttpResponseData? MatchLocked(string method, string url, HarnDict headers, string? body)
    {
        for (var i = _mocks.Count - 1; i >= 0; i--)
        {
            var mock = _mocks[i];
            if ((mock.Method != method && mock.Method != "*") || !mock.Matcher.IsMatch(url))
            {
                continue;
            }

            _calls.Add((method, url, headers, body));
            var response = mock.Responses.Count == 0 ? HarnDict.Empty : mock.Responses[Math.Min(mock.Served, mock.Responses.Count - 1)];
            mock.Served++;
            var responseHeaders = HarnDict.Empty;
            foreach (var (name, value) in response.GetDict("headers") ?? HarnDict.Empty)
            {
                responseHeaders = responseHeaders.With(name.ToLowerInvariant(), Value.FromString(ValueFormatter.Display(value)));
            }

            var payload = response.Get("body", Value.Nil);
            var bytes = payload.Kind is ValueKind.String or ValueKind.Bytes or ValueKind.Nil
                ? HostValues.Bytes(payload)
                : System.Text.Encoding.UTF8.GetBytes(JsonConversion.Stringify(payload));
            return new HttpResponseData((int)(response.GetInt("status") ?? 200), responseHeaders, bytes);
        }

        return null;
    }

    public Value Calls(HarnDict options)
    {
        var redact = !options.GetBool("include_sensitive", false) && options.GetBool("redact_sensitive", true);
        (string Method, string Url, HarnDict Headers, string? Body)[] calls;
        lock (_gate)
        {
            calls = [.. _calls];
        }

        return HostValues.List(calls.Select(call =>
        {
            var headers = HarnDict.Empty;
            foreach (var (name, value) in call.Headers)
            {
                headers = headers.With(name, redact && SensitiveHeaders.Contains(name) ? Value.FromString("[redacted]") : value);
            }

            return HostValues.Dict(
                ("method", Value.FromString(call.Method)),
                ("url", Value.FromString(redact ? RedactUrl(call.Url) : call.Url)),
                ("headers", Value.FromDict(headers)),
                ("body", HostValues.Str(call.Body)));
        }));
    }

    private static string RedactUrl(string url)
    {
        var question = url.IndexOf('?');
        if (question < 0)
        {
            return url;
        }

        var pairs = url[(question + 1)..].Split('&').Select(pair =>
        {
            var equals = pair.IndexOf('=');
            return equals > 0 && SensitiveParameter.IsMatch(Uri.UnescapeDataString(pair[..equals])) ? pair[..equals] + "=%5Bredacted%5D" : pair;
        });
        return url[..question] + "?" + string.Join('&', pairs);
    }
}

/// <summary>A complete HTTP response: status, lower-cased headers, body bytes.</summary>
internal sealed record HttpResponseData(int Status, HarnDict Headers, byte[] Body)
{
    public Value ToValue() => HostValues.Dict(
        ("status", Value.FromInt(Status)),
        ("headers", Value.FromDict(Headers)),
        ("body", Value.FromString(System.Text.Encoding.UTF8.GetString(Body))),
        ("ok", Value.FromBool(Status is >= 200 and < 300)));
}
