using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Harn.Vm.Tests.HostLibrary;

/// <summary>
/// A loopback HTTP server for the tests: answers each request with the next scripted response
/// (status, body, optional delay) and records what it received.
/// </summary>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Queue<(int Status, string Body, int DelayMs)> _responses;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LocalHttpServer(params (int Status, string Body, int DelayMs)[] responses)
    {
        _responses = new Queue<(int, string, int)>(responses);
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public List<(string Method, string Path, string Body, string? ContentType)> Requests { get; } = [];

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
                await Task.Delay(reply.DelayMs, _stop.Token).ConfigureAwait(false);
                context.Response.StatusCode = reply.Status;
                context.Response.Headers["X-Test"] = "local";
                var bytes = Encoding.UTF8.GetBytes(reply.Body);
                await context.Response.OutputStream.WriteAsync(bytes, _stop.Token).ConfigureAwait(false);
                context.Response.Close();
            }
            catch (Exception error) when (error is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                context.Response.Abort();
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
