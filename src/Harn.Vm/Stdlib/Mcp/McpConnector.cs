using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Mcp;

/// <summary>
/// Opens MCP clients from a server description (<c>{name?, transport?, command, args, url,
/// headers?, auth_token?, env?, cwd?, protocol_version?, timeout_ms?}</c>), the shape of <c>agent_loop</c>'s
/// <c>mcp_servers</c> entries and of harn.toml's <c>[[mcp]]</c> tables.
/// </summary>
internal static class McpConnector
{
    public static async Task<McpClient> ConnectAsync(BuiltinContext context, string function, HarnDict config, CancellationToken cancellation)
    {
        var name = config.GetString("name");
        var transport = config.GetString("transport") ?? (config.GetString("url") is not null && config.Get("command", Value.Nil).IsNil ? "http" : "stdio");
        IMcpTransport channel;
        switch (transport)
        {
            case "stdio":
                var (command, arguments) = Command(function, config);
                channel = McpStdioTransport.Spawn(function, command, arguments, Environment(config), Directory(context, config));
                break;
            case "http":
            case "streamable_http":
            case "streamable-http":
                var url = config.GetString("url") ?? throw RuntimeErrors.Thrown($"{function}: an http MCP server needs a `url`");
                Http.StateOf(context).Egress?.Check(url);
                channel = new McpHttpTransport(url, Headers(config));
                break;
            default:
                throw RuntimeErrors.Thrown($"{function}: unknown MCP transport \"{transport}\". Expected \"stdio\" or \"http\"");
        }

        var client = new McpClient(name ?? (transport == "stdio" ? Command(function, config).Command : "mcp"), channel)
        {
            RequestTimeoutMs = config.GetInt("timeout_ms") is { } timeout && timeout > 0 ? timeout : null,
        };
        try
        {
            await client.InitializeAsync(config.GetString("protocol_version"), keepName: name is not null, cancellation).ConfigureAwait(false);
        }
        catch (HarnRuntimeException error)
        {
            client.Disconnect();
            throw RuntimeErrors.Thrown($"{function}: initialize handshake failed: {ValueFormatter.Display(error.CatchValue)}");
        }
        catch
        {
            client.Disconnect();
            throw;
        }

        McpClients.Track(context, client);
        return client;
    }

    /// <summary>The program and its arguments: <c>command</c> as a string (with <c>args</c>) or as a list.</summary>
    private static (string Command, List<string> Arguments) Command(string function, HarnDict config)
    {
        var command = config.Get("command", Value.Nil);
        var arguments = config.Get("args", Value.Nil) is { Kind: ValueKind.List } list ? list.AsList.Select(ValueFormatter.Display).ToList() : [];
        switch (command.Kind)
        {
            case ValueKind.String when command.AsString.Length > 0:
                return (command.AsString, arguments);
            case ValueKind.List when command.AsList.Count > 0:
                var parts = command.AsList.Select(ValueFormatter.Display).ToList();
                return (parts[0], [.. parts.Skip(1), .. arguments]);
            default:
                throw RuntimeErrors.Thrown($"{function}: a stdio MCP server needs a `command`");
        }
    }

    private static Dictionary<string, string>? Environment(HarnDict config) =>
        config.GetDict("env") is { } env ? env.ToDictionary(pair => pair.Key, pair => ValueFormatter.Display(pair.Value), StringComparer.Ordinal) : null;

    private static string? Directory(BuiltinContext context, HarnDict config) =>
        config.GetString("cwd") is { } cwd ? RuntimePaths.Resolve(context, cwd) : null;

    private static Dictionary<string, string> Headers(HarnDict config)
    {
        var headers = config.GetDict("headers") is { } given
            ? given.ToDictionary(pair => pair.Key, pair => ValueFormatter.Display(pair.Value), StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (config.GetString("auth_token") is { Length: > 0 } token && !headers.ContainsKey("Authorization"))
        {
            headers["Authorization"] = "Bearer " + token;
        }

        return headers;
    }
}
