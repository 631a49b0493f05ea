using Harn.Runtime;

namespace Harn.Stdlib.Mcp;

/// <summary>
/// A connected MCP client, the <c>mcp_client</c> value: one transport, the server's identity
/// from the initialize handshake, and the request ids it has used.
/// </summary>
internal sealed class McpClient(string name, IMcpTransport transport) : IHarnObject
{
    private long _nextId;
    private bool _disconnected;

    public string TypeName => "mcp_client";

    public string Name { get; private set; } = name;

    public Value ServerInfo { get; private set; } = Value.Nil;

    public Value Capabilities { get; private set; } = Value.Nil;

    public string? ProtocolVersion { get; private set; }

    /// <summary>How long one request may wait for its answer (<c>timeout_ms</c> of the server's config); null waits as long as the run does.</summary>
    public long? RequestTimeoutMs { get; init; }

    public bool Connected => !_disconnected && transport.IsAlive;

    public string Display() => $"<mcp_client:{Name}>";

    /// <summary>
    /// The handshake: <c>initialize</c>, then the <c>notifications/initialized</c> notification.
    /// Without a name of its own the client takes the server's.
    /// </summary>
    public async Task InitializeAsync(string? protocolVersion, bool keepName, CancellationToken cancellation)
    {
        var parameters = McpJson.Dict(
            ("protocolVersion", Value.FromString(protocolVersion ?? McpJson.ProtocolVersion)),
            ("capabilities", Value.FromDict(HarnDict.Empty)),
            ("clientInfo", McpJson.Dict(("name", Value.FromString("harn")), ("version", Value.FromString(McpJson.RuntimeVersion)))));
        var result = await RequestAsync("initialize", parameters, cancellation).ConfigureAwait(false);
        ServerInfo = McpJson.Field(result, "serverInfo");
        Capabilities = McpJson.Field(result, "capabilities");
        ProtocolVersion = McpJson.StringField(result, "protocolVersion");
        if (transport is McpHttpTransport http)
        {
            http.ProtocolVersion = ProtocolVersion ?? protocolVersion ?? McpJson.ProtocolVersion;
        }

        if (!keepName && McpJson.StringField(ServerInfo, "name") is { Length: > 0 } serverName)
        {
            Name = serverName;
        }

        await transport.NotifyAsync(McpJson.Notification("notifications/initialized"), cancellation).ConfigureAwait(false);
    }

    /// <summary>Sends a request and returns its <c>result</c>; a JSON-RPC error is thrown as its message.</summary>
    public async Task<Value> RequestAsync(string method, Value parameters, CancellationToken cancellation)
    {
        if (!Connected)
        {
            throw RuntimeErrors.Thrown($"MCP client '{Name}' is not connected");
        }

        var id = Interlocked.Increment(ref _nextId);
        Value response;
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
        {
            if (RequestTimeoutMs is { } timeout)
            {
                limit.CancelAfter(TimeSpan.FromMilliseconds(timeout));
            }

            try
            {
                response = await transport.RequestAsync(id, McpJson.Request(id, method, parameters), limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                throw RuntimeErrors.Thrown($"MCP request {method} to '{Name}' timed out after {RequestTimeoutMs} ms");
            }
        }

        if (McpJson.Field(response, "error") is { Kind: ValueKind.Dict } error)
        {
            var message = McpJson.StringField(error, "message") ?? "unknown error";
            throw RuntimeErrors.Thrown($"MCP error {ValueFormatter.Display(McpJson.Field(error, "code"))}: {message}");
        }

        return McpJson.Field(response, "result");
    }

    public void Disconnect()
    {
        if (_disconnected)
        {
            return;
        }

        _disconnected = true;
        transport.Dispose();
    }
}
