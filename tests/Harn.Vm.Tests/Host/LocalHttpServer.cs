using System.Net;
using System.Text;
using Harn.Vm.Tests.Support;

namespace Harn.Vm.Tests.HostLibrary;

/// <summary>
/// A loopback HTTP server for the tests: answers each request with the next scripted response
/// (status, body, optional delay) and records what it received.
/// </summary>
internal sealed class LocalHttpServer : LoopbackHttpServer
{
    private readonly Queue<(int Status, string Body, int DelayMs)> _responses;

    public LocalHttpServer(params (int Status, string Body, int DelayMs)[] responses)
        : base(concurrent: false)
    {
        _responses = new Queue<(int, string, int)>(responses);
        Start();
    }

    public List<(string Method, string Path, string Body, string? ContentType)> Requests { get; } = [];

    protected override async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync().ConfigureAwait(false);
        (int Status, string Body, int DelayMs) reply;
        lock (Requests)
        {
            Requests.Add((context.Request.HttpMethod, context.Request.Url!.PathAndQuery, body, context.Request.ContentType));
            reply = _responses.Count > 1 ? _responses.Dequeue() : _responses.Peek();
        }

        try
        {
            await Task.Delay(reply.DelayMs, Stopping.Token).ConfigureAwait(false);
            context.Response.StatusCode = reply.Status;
            context.Response.Headers["X-Test"] = "local";
            var bytes = Encoding.UTF8.GetBytes(reply.Body);
            await context.Response.OutputStream.WriteAsync(bytes, Stopping.Token).ConfigureAwait(false);
            context.Response.Close();
        }
        catch (Exception error) when (error is OperationCanceledException or HttpListenerException or ObjectDisposedException)
        {
            context.Response.Abort();
        }
    }
}
