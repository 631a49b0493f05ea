using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>
/// Host resources a run opened and must not outlive it (MCP server processes, WebSocket
/// listeners and sockets): each is disposed when the run ends, newest first, whether the
/// script closed it or not.
/// </summary>
internal static class RunCleanup
{
    private static readonly RunLocal<List<IDisposable>> Resources = new(() => []);

    public static void Add(BuiltinContext context, IDisposable resource)
    {
        var resources = Resources.Get(context);
        lock (resources)
        {
            resources.Add(resource);
        }
    }

    /// <summary>The scope <see cref="Hosting.HarnExecution"/> holds around a run.</summary>
    public static IDisposable Scope(BuiltinContext context) => new RunScope(context);

    private sealed class RunScope(BuiltinContext context) : IDisposable
    {
        public void Dispose()
        {
            var resources = Resources.Get(context);
            IDisposable[] pending;
            lock (resources)
            {
                pending = [.. resources];
                resources.Clear();
            }

            for (var i = pending.Length - 1; i >= 0; i--)
            {
                try
                {
                    pending[i].Dispose();
                }
                catch (Exception error) when (error is IOException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
                {
                    // Already broken; there is nothing left to release.
                }
            }
        }
    }
}
