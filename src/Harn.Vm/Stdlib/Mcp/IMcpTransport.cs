using Harn.Runtime;

namespace Harn.Stdlib.Mcp;

/// <summary>One way of carrying JSON-RPC messages to an MCP server (a child's stdio, or Streamable HTTP).</summary>
internal interface IMcpTransport : IDisposable
{
    /// <summary>Sends a request and waits for the response with the same id (the whole JSON-RPC message).</summary>
    Task<Value> RequestAsync(long id, Value message, CancellationToken cancellation);

    /// <summary>Sends a notification, which has no response.</summary>
    Task NotifyAsync(Value message, CancellationToken cancellation);

    /// <summary>Whether the server can still be reached (a child that exited cannot).</summary>
    bool IsAlive { get; }
}
