namespace Harn.Stdlib.Host;

/// <summary>Per-run HTTP state: mocks, egress policy, open stream/session/transport handles.</summary>
internal sealed class HttpState
{
    private long _nextHandle;

    public HttpMocks Mocks { get; } = new();

    public EgressPolicy? Egress { get; set; } = EgressPolicy.FromEnvironment();

    public Dictionary<string, HttpStreamHandle> Streams { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Harn.Runtime.HarnDict> Sessions { get; } = new(StringComparer.Ordinal);

    public string NextHandle(string prefix) => $"{prefix}-{Interlocked.Increment(ref _nextHandle)}";
}

/// <summary>An open <c>http_stream_open</c> response: its status and headers, and the body read so far.</summary>
internal sealed class HttpStreamHandle(HttpResponseData head, Stream body) : IDisposable
{
    public HttpResponseData Head { get; } = head;

    public Stream Body { get; } = body;

    public void Dispose() => Body.Dispose();
}
