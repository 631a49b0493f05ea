using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Harn.Vm.Tests.Llm;

/// <summary>One scripted reply of <see cref="FakeProviderServer"/>: the body is written chunk by chunk (flushed each time) so streamed answers arrive as a stream.</summary>
internal sealed record FakeReply(int Status, string ContentType, IReadOnlyList<string> Chunks, IReadOnlyDictionary<string, string>? Headers = null, int DelayMs = 0)
{
    public static FakeReply Json(string body, int status = 200, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, "application/json", [body], headers);

    public static FakeReply Sse(params string[] events) => new(200, "text/event-stream", events.Select(e => e + "\n\n").ToList());

    public static FakeReply NdJson(params string[] lines) => new(200, "application/x-ndjson", lines.Select(l => l + "\n").ToList());
}

/// <summary>
/// A provider stand-in on 127.0.0.1 for the LLM transport tests: answers each request with the
/// next scripted reply (the last one repeats) and records the path, headers and body it received.
/// </summary>
internal sealed class FakeProviderServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Queue<FakeReply> _replies;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeProviderServer(params FakeReply[] replies)
    {
        _replies = new Queue<FakeReply>(replies);
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public List<(string Path, Dictionary<string, string> Headers, string Body)> Requests { get; } = [];

    public int RequestCount
    {
        get
        {
            lock (Requests)
            {
                return Requests.Count;
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync().ConfigureAwait(false);
        var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!.ToLowerInvariant(), k => context.Request.Headers[k]!);
        FakeReply reply;
        lock (Requests)
        {
            Requests.Add((context.Request.Url!.AbsolutePath, headers, body));
            reply = _replies.Count > 1 ? _replies.Dequeue() : _replies.Peek();
        }

        try
        {
            await Task.Delay(reply.DelayMs, _stop.Token).ConfigureAwait(false);
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = reply.ContentType;
            if (reply.Chunks.Count == 1)
            {
                context.Response.ContentLength64 = Encoding.UTF8.GetByteCount(reply.Chunks[0]);
            }
            else
            {
                context.Response.SendChunked = true;
            }
            foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            foreach (var chunk in reply.Chunks)
            {
                var bytes = Encoding.UTF8.GetBytes(chunk);
                await context.Response.OutputStream.WriteAsync(bytes, _stop.Token).ConfigureAwait(false);
                await context.Response.OutputStream.FlushAsync(_stop.Token).ConfigureAwait(false);
            }

            context.Response.Close();
        }
        catch (Exception error) when (error is OperationCanceledException or HttpListenerException or ObjectDisposedException)
        {
            context.Response.Abort();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener; nothing left to observe.
        }

        _stop.Dispose();
    }
}
