using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>
/// Outbound HTTP: <c>http_get/post/put/patch/delete/request</c>, sessions, streams, downloads,
/// mocks and the egress policy. Requests go through one shared <see cref="SocketsHttpHandler"/>
/// per process (one more per distinct proxy), honour the run's cancellation, and retry
/// idempotent methods on 408/429/5xx and network errors when asked to.
/// </summary>
internal static class Http
{
    private const int DefaultTimeoutMs = 30_000;
    private const string MultipartBoundary = "harn-boundary";

    private static readonly int[] RetryableStatuses = [408, 429, 500, 502, 503, 504];

    private static readonly string[] IdempotentMethods = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"];

    private static readonly RunLocal<HttpState> State = new(() => new HttpState());

    private static readonly Lazy<HttpClient> SharedClient = new(() => NewClient(null));

    private static readonly Dictionary<string, HttpClient> ProxyClients = new(StringComparer.Ordinal);

    public static HttpState StateOf(BuiltinContext context) => State.Get(context);

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("http_get", (ctx, args) => Awaited(ctx, "http_get", "GET", Args.At(args, 0), Value.Nil, HostValues.Options(args, 1, "http_get")));
        registry.Register("http_delete", (ctx, args) => Awaited(ctx, "http_delete", "DELETE", Args.At(args, 0), Value.Nil, HostValues.Options(args, 1, "http_delete")));
        registry.Register("http_post", (ctx, args) => WithBody(ctx, args, "http_post", "POST"));
        registry.Register("http_put", (ctx, args) => WithBody(ctx, args, "http_put", "PUT"));
        registry.Register("http_patch", (ctx, args) => WithBody(ctx, args, "http_patch", "PATCH"));
        registry.Register("http_request", (ctx, args) =>
        {
            var options = HostValues.Options(args, 2, "http_request");
            var method = Args.String(args, 0, "http_request").ToUpperInvariant();
            return Awaited(ctx, "http_request", method, Args.At(args, 1), options.Get("body", Value.Nil), options);
        });
        registry.Register("http_mock", Mock);
        registry.Register("http_mock_clear", (ctx, _) =>
        {
            StateOf(ctx).Mocks.Clear();
            return Value.Nil;
        });
        registry.Register("http_mock_calls", (ctx, args) => StateOf(ctx).Mocks.Calls(HostValues.Options(args, 0, "http_mock_calls")));
        registry.Register("egress_policy", (ctx, args) =>
        {
            var policy = EgressPolicy.FromConfig(Args.Dict(args, 0, "egress_policy"));
            StateOf(ctx).Egress = policy;
            return policy.Describe();
        });
        registry.Register("http_session", (ctx, args) =>
        {
            var state = StateOf(ctx);
            var handle = state.NextHandle("http-session");
            state.Sessions[handle] = HostValues.Options(args, 0, "http_session");
            return Value.FromString(handle);
        });
        registry.Register("http_session_request", SessionRequest);
        registry.Register("http_session_close", (ctx, args) => Value.FromBool(StateOf(ctx).Sessions.Remove(Args.String(args, 0, "http_session_close"))));
        registry.Register("http_stream_open", StreamOpen);
        registry.Register("http_stream_info", (ctx, args) =>
        {
            var head = Stream(ctx, args, "http_stream_info").Head;
            return HostValues.Dict(("status", Value.FromInt(head.Status)), ("headers", Value.FromDict(head.Headers)), ("ok", Value.FromBool(head.Status is >= 200 and < 300)));
        });
        registry.Register("http_stream_read", StreamRead);
        registry.Register("http_stream_close", (ctx, args) =>
        {
            var streams = StateOf(ctx).Streams;
            var handle = Args.String(args, 0, "http_stream_close");
            HttpStreamHandle? stream;
            lock (streams)
            {
                if (!streams.Remove(handle, out stream))
                {
                    return Value.False;
                }
            }

            stream.Dispose();
            return Value.True;
        });
        registry.Register("http_download", Download);
    }

    /// <summary><c>http_post(url, body, options?)</c>, or <c>http_post(url, options)</c> when the second argument carries <c>multipart</c>.</summary>
    private static Value WithBody(BuiltinContext context, ReadOnlySpan<Value> args, string function, string method)
    {
        var body = Args.At(args, 1);
        var options = HostValues.Options(args, 2, function);
        if (body.Kind == ValueKind.Dict && body.AsDict.ContainsKey("multipart") && options.Count == 0)
        {
            options = body.AsDict;
            body = Value.Nil;
        }

        return Awaited(context, function, method, Args.At(args, 0), body, options);
    }

    /// <summary>A request as a builtin result: the calling task parks until the response arrives, and cancellation aborts it.</summary>
    private static Value Awaited(BuiltinContext context, string function, string method, Value url, Value body, HarnDict options) =>
        AsyncBuiltin.Await(context, async cancellation => (await RequestAsync(context, function, method, url, body, options, cancellation).ConfigureAwait(false)).ToValue());

    private static Value Mock(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var method = Args.String(args, 0, "http_mock");
        var pattern = Args.String(args, 1, "http_mock");
        StateOf(context).Mocks.Add(method, pattern, HostValues.Options(args, 2, "http_mock"));
        return Value.Nil;
    }

    private static Value SessionRequest(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var handle = Args.String(args, 0, "http_session_request");
        if (!StateOf(context).Sessions.TryGetValue(handle, out var defaults))
        {
            throw RuntimeErrors.Runtime($"http_session_request: unknown or closed session '{handle}'");
        }

        var options = defaults;
        foreach (var (key, value) in HostValues.Options(args, 3, "http_session_request"))
        {
            options = options.With(key, value);
        }

        var method = Args.String(args, 1, "http_session_request").ToUpperInvariant();
        return Awaited(context, "http_session_request", method, Args.At(args, 2), options.Get("body", Value.Nil), options);
    }

    /// <summary>A prepared request: final URL, lower-cased headers, body bytes.</summary>
    private sealed record Prepared(string Method, string Url, HarnDict Headers, byte[]? Body);

    private static Prepared Prepare(string function, string method, Value urlValue, Value body, HarnDict options)
    {
        if (urlValue.Kind != ValueKind.String || urlValue.AsString.Length == 0)
        {
            throw RuntimeErrors.Runtime($"{function}: URL is required");
        }

        var url = urlValue.AsString;
        if (options.GetDict("query") is { } query)
        {
            var pairs = query.Where(pair => !pair.Value.IsNil)
                .Select(pair => SignedUrls.Encode(pair.Key) + "=" + SignedUrls.Encode(pair.Value.Kind == ValueKind.String ? pair.Value.AsString : ValueFormatter.Display(pair.Value)));
            var joined = string.Join('&', pairs);
            if (joined.Length > 0)
            {
                url += (url.Contains('?') ? "&" : "?") + joined;
            }
        }

        var headers = HarnDict.Empty;
        foreach (var (name, value) in options.GetDict("headers") ?? HarnDict.Empty)
        {
            headers = headers.With(name.ToLowerInvariant(), Value.FromString(ValueFormatter.Display(value)));
        }

        switch (options.Get("auth", Value.Nil))
        {
            case { Kind: ValueKind.String } token:
                headers = headers.With("authorization", Value.FromString(token.AsString));
                break;
            case { Kind: ValueKind.Dict } auth when auth.AsDict.GetString("bearer") is { } bearer:
                headers = headers.With("authorization", Value.FromString("Bearer " + bearer));
                break;
            case { Kind: ValueKind.Dict } auth when auth.AsDict.GetDict("basic") is { } basic:
                var credentials = $"{basic.GetString("user")}:{basic.GetString("password") ?? basic.GetString("pass")}";
                headers = headers.With("authorization", Value.FromString("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials))));
                break;
        }

        byte[]? payload = null;
        if (options.TryGetValue("multipart", out var parts) && parts.Kind == ValueKind.List)
        {
            payload = Multipart.Encode(parts.AsList, MultipartBoundary, function);
            headers = headers.With("content-type", Value.FromString("multipart/form-data; boundary=" + MultipartBoundary));
        }
        else if (body.Kind == ValueKind.Dict || body.Kind == ValueKind.List)
        {
            payload = Encoding.UTF8.GetBytes(JsonConversion.Stringify(body));
            if (!headers.ContainsKey("content-type"))
            {
                headers = headers.With("content-type", Value.FromString("application/json"));
            }
        }
        else if (!body.IsNil)
        {
            payload = HostValues.Bytes(body);
        }

        return new Prepared(method, url, headers, payload);
    }

    private static int TimeoutMs(HarnDict options) =>
        (int)Math.Clamp(options.GetInt("timeout_ms") ?? options.GetInt("timeout") ?? options.GetInt("total_timeout_ms") ?? DefaultTimeoutMs, 1, int.MaxValue);

    /// <summary>Runs a request with the run's mocks, egress policy and retry options.</summary>
    public static async Task<HttpResponseData> RequestAsync(BuiltinContext context, string function, string method, Value url, Value body, HarnDict options, CancellationToken cancellation)
    {
        var prepared = Prepare(function, method, url, body, options);
        var state = StateOf(context);
        state.Egress?.Check(prepared.Url);
        var retry = options.GetDict("retry");
        var maxRetries = (int)Math.Max(0, retry?.GetInt("max") ?? options.GetInt("retries") ?? 0);
        var backoffMs = retry?.GetInt("backoff_ms") ?? options.GetInt("backoff") ?? 500;
        var retryMethods = options.TryGetValue("retry_methods", out var methods) && methods.Kind == ValueKind.List
            ? methods.AsList.Select(m => ValueFormatter.Display(m).ToUpperInvariant()).ToArray()
            : IdempotentMethods;
        var retryOn = options.TryGetValue("retry_on", out var statuses) && statuses.Kind == ValueKind.List
            ? statuses.AsList.Where(s => s.IsNumber).Select(s => (int)s.AsNumber).ToArray()
            : RetryableStatuses;
        var mayRetry = maxRetries > 0 && retryMethods.Contains(method);
        for (var attempt = 0; ; attempt++)
        {
            HttpResponseData response;
            try
            {
                response = await SendAsync(function, prepared, options, state, cancellation).ConfigureAwait(false);
            }
            catch (HarnRuntimeException error) when (mayRetry && attempt < maxRetries && error.Category is HostErrors.Network or HostErrors.Timeout)
            {
                await Backoff(backoffMs * (1L << Math.Min(attempt, 10)), cancellation).ConfigureAwait(false);
                continue;
            }

            if (!mayRetry || attempt >= maxRetries || !retryOn.Contains(response.Status))
            {
                return response;
            }

            var delay = backoffMs * (1L << Math.Min(attempt, 10));
            if (response.Status is 429 or 503 && response.Headers.GetString("retry-after") is { } retryAfter && long.TryParse(retryAfter, out var seconds))
            {
                delay = Math.Max(0, seconds) * 1000;
            }

            await Backoff(delay, cancellation).ConfigureAwait(false);
        }
    }

    private static Task Backoff(long milliseconds, CancellationToken cancellation) =>
        milliseconds > 0 ? Task.Delay(TimeSpan.FromMilliseconds(Math.Min(milliseconds, 60_000)), cancellation) : Task.CompletedTask;

    private static async Task<HttpResponseData> SendAsync(string function, Prepared request, HarnDict options, HttpState state, CancellationToken cancellation)
    {
        var body = request.Body is null ? null : Encoding.UTF8.GetString(request.Body);
        if (state.Mocks.Match(request.Method, request.Url, request.Headers, body) is { } mocked)
        {
            return mocked;
        }

        var (response, timeout) = await SendRealAsync(function, request, options, HttpCompletionOption.ResponseContentRead, cancellation).ConfigureAwait(false);
        using (response)
        using (timeout)
        {
            try
            {
                var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
                return new HttpResponseData((int)response.StatusCode, Headers(response), bytes);
            }
            catch (Exception error) when (error is HttpRequestException or OperationCanceledException or IOException)
            {
                throw Failure(function, request.Url, error, TimeoutMs(options), cancellation);
            }
        }
    }

    /// <summary>Sends over the network; the caller disposes the response and its timeout source.</summary>
    private static async Task<(HttpResponseMessage Response, CancellationTokenSource Timeout)> SendRealAsync(
        string function, Prepared request, HarnDict options, HttpCompletionOption completion, CancellationToken cancellation)
    {
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw RuntimeErrors.Runtime($"{function}: invalid URL '{request.Url}'");
        }

        var message = new HttpRequestMessage(new HttpMethod(request.Method), uri);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
        }

        foreach (var (name, value) in request.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value.AsString))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.Remove(name);
                message.Content.Headers.TryAddWithoutValidation(name, value.AsString);
            }
        }

        if (options.GetDict("proxy_auth") is { } proxyAuth)
        {
            var credentials = $"{proxyAuth.GetString("user")}:{proxyAuth.GetString("pass") ?? proxyAuth.GetString("password")}";
            message.Headers.ProxyAuthorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }

        var timeoutMs = TimeoutMs(options);
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(timeoutMs);
        try
        {
            return (await ClientFor(options).SendAsync(message, completion, timeout.Token).ConfigureAwait(false), timeout);
        }
        catch (Exception error) when (error is HttpRequestException or OperationCanceledException or IOException or InvalidOperationException)
        {
            timeout.Dispose();
            throw Failure(function, request.Url, error, timeoutMs, cancellation);
        }
    }

    /// <summary>A failed send as a Harn error; cancellation of the run itself propagates as cancellation.</summary>
    private static HarnRuntimeException Failure(string function, string url, Exception error, int timeoutMs, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        if (error is OperationCanceledException)
        {
            return HostErrors.Runtime($"{function}: request to {url} timed out after {timeoutMs}ms", HostErrors.Timeout);
        }

        var reason = error.InnerException?.Message is { } inner ? $"{error.Message} ({inner})" : error.Message;
        return HostErrors.Runtime($"{function}: request to {url} failed: {reason}", HostErrors.Network);
    }

    private static HarnDict Headers(HttpResponseMessage response)
    {
        var headers = HarnDict.Empty;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers = headers.With(name.ToLowerInvariant(), Value.FromString(string.Join(", ", values)));
        }

        return headers;
    }

    private static HttpClient ClientFor(HarnDict options)
    {
        var proxy = options.Get("proxy", Value.Nil) switch
        {
            { Kind: ValueKind.String } text => text.AsString,
            { Kind: ValueKind.Dict } dict => dict.AsDict.GetString("url"),
            _ => null,
        };
        if (proxy is null)
        {
            return SharedClient.Value;
        }

        lock (ProxyClients)
        {
            if (!ProxyClients.TryGetValue(proxy, out var client))
            {
                ProxyClients[proxy] = client = NewClient(new WebProxy(proxy));
            }

            return client;
        }
    }

    private static HttpClient NewClient(IWebProxy? proxy) => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.All,
        Proxy = proxy,
        UseProxy = proxy is not null,
        ConnectTimeout = TimeSpan.FromSeconds(30),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private static HttpStreamHandle Stream(BuiltinContext context, ReadOnlySpan<Value> args, string function)
    {
        var handle = Args.String(args, 0, function);
        var streams = StateOf(context).Streams;
        lock (streams)
        {
            if (streams.TryGetValue(handle, out var stream))
            {
                return stream;
            }
        }

        throw RuntimeErrors.Runtime($"{function}: unknown or closed stream '{handle}'");
    }

    private static Value StreamOpen(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var options = HostValues.Options(args, 1, "http_stream_open");
        var method = (options.GetString("method") ?? "GET").ToUpperInvariant();
        var prepared = Prepare("http_stream_open", method, Args.At(args, 0), options.Get("body", Value.Nil), options);
        var state = StateOf(context);
        state.Egress?.Check(prepared.Url);
        var body = prepared.Body is null ? null : Encoding.UTF8.GetString(prepared.Body);
        if (state.Mocks.Match(method, prepared.Url, prepared.Headers, body) is { } mocked)
        {
            return Register(state, new HttpStreamHandle(mocked, new MemoryStream(mocked.Body)));
        }

        return AsyncBuiltin.Await(context, async cancellation =>
        {
            var (response, timeout) = await SendRealAsync("http_stream_open", prepared, options, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
            timeout.Dispose();
            return Register(state, new HttpStreamHandle(new HttpResponseData((int)response.StatusCode, Headers(response), []), new ResponseStream(response)));
        });
    }

    /// <summary>Keeps an open stream under a new handle; the handle table is only touched under its own lock.</summary>
    private static Value Register(HttpState state, HttpStreamHandle stream)
    {
        lock (state.Streams)
        {
            var handle = state.NextHandle("http-stream");
            state.Streams[handle] = stream;
            return Value.FromString(handle);
        }
    }

    private static Value StreamRead(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var stream = Stream(context, args, "http_stream_read");
        var max = (int)Math.Clamp(Args.At(args, 1).IsNil ? 65536 : Args.Int(args, 1, "http_stream_read"), 1, 16 << 20);
        return AsyncBuiltin.Await(context, async cancellation =>
        {
            var buffer = new byte[max];
            try
            {
                var read = await stream.Body.ReadAsync(buffer, cancellation).ConfigureAwait(false);
                return read == 0 ? Value.Nil : Value.FromBytes(buffer[..read]);
            }
            catch (Exception error) when (error is IOException or HttpRequestException)
            {
                throw HostErrors.Runtime($"http_stream_read: {error.Message}", HostErrors.Network);
            }
        });
    }

    private static Value Download(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var destination = Args.String(args, 1, "http_download");
        var options = HostValues.Options(args, 2, "http_download");
        var url = Args.At(args, 0);
        var full = HostPaths.Full(destination);
        return AsyncBuiltin.Await(context, async cancellation =>
        {
            var response = await RequestAsync(context, "http_download", (options.GetString("method") ?? "GET").ToUpperInvariant(), url, Value.Nil, options, cancellation).ConfigureAwait(false);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                Files.WriteAtomically(full, response.Body, cancellation);
            }
            catch (Exception error) when (HostErrors.IsHostFailure(error))
            {
                throw HostErrors.Io($"Failed to write file {destination}", error);
            }

            return Downloaded(response, destination);
        });
    }

    private static Value Downloaded(HttpResponseData response, string destination) =>
        HostValues.Dict(
            ("bytes_written", Value.FromInt(response.Body.Length)),
            ("status", Value.FromInt(response.Status)),
            ("headers", Value.FromDict(response.Headers)),
            ("ok", Value.FromBool(response.Status is >= 200 and < 300)),
            ("path", Value.FromString(destination)));

    /// <summary>A response body stream that disposes its response with it.</summary>
    private sealed class ResponseStream(HttpResponseMessage response) : Stream
    {
        private readonly Stream _inner = response.Content.ReadAsStream();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
