using System.Net;
using System.Text;
using Harn.Vm.Tests.Support;

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
internal sealed class FakeProviderServer : LoopbackHttpServer
{
    private readonly Queue<FakeReply> _replies;

    public FakeProviderServer(params FakeReply[] replies)
        : base(concurrent: true)
    {
        _replies = new Queue<FakeReply>(replies);
        Start();
    }

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

    protected override async Task AnswerAsync(HttpListenerContext context)
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
            await Task.Delay(reply.DelayMs, Stopping.Token).ConfigureAwait(false);
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
                await context.Response.OutputStream.WriteAsync(bytes, Stopping.Token).ConfigureAwait(false);
                await context.Response.OutputStream.FlushAsync(Stopping.Token).ConfigureAwait(false);
            }

            context.Response.Close();
        }
        catch (Exception error) when (error is OperationCanceledException or HttpListenerException or ObjectDisposedException)
        {
            context.Response.Abort();
        }
    }
}
