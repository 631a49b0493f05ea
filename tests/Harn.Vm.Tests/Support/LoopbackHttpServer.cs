using System.Net;
using System.Net.Sockets;

namespace Harn.Vm.Tests.Support;

/// <summary>
/// An HTTP listener on a free 127.0.0.1 port for tests that must never reach the internet:
/// accepts requests until disposed and hands each to <see cref="AnswerAsync"/>.
/// </summary>
internal abstract class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly bool _concurrent;
    private Task? _loop;

    /// <param name="concurrent">Answer requests side by side (streams, slow replies) rather than one after another.</param>
    protected LoopbackHttpServer(bool concurrent)
    {
        _concurrent = concurrent;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Cancelled when the server is disposed: replies still being written give up.</summary>
    protected CancellationTokenSource Stopping { get; } = new();

    /// <summary>Starts listening; derived constructors call it once their own state is ready.</summary>
    protected void Start()
    {
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    protected abstract Task AnswerAsync(HttpListenerContext context);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (!Stopping.IsCancellationRequested)
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

            if (_concurrent)
            {
                _ = Task.Run(() => AnswerAsync(context));
            }
            else
            {
                await AnswerAsync(context).ConfigureAwait(false);
            }
        }
    }

    public void Dispose()
    {
        Stopping.Cancel();
        _listener.Close();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener; nothing left to observe.
        }

        Stopping.Dispose();
    }
}
