using Harn.Runtime;
using Harn.Stdlib.Agents;
using Harn.Stdlib.Host;
using Harn.Stdlib.Llm;

namespace Harn.Stdlib.Mcp;

/// <summary>
/// <c>agent_loop</c>'s <c>mcp_servers</c> option: connects each server for the duration of the
/// loop, lists its tools once, and adds them to the loop's registry as <c>&lt;server&gt;__&lt;tool&gt;</c>
/// entries whose handler sends <c>tools/call</c> with the original tool name. Disposing the
/// attachment disconnects the servers.
/// </summary>
internal sealed class McpAgentTools : IDisposable
{
    private readonly List<McpClient> _clients = [];

    private McpAgentTools(HarnDict options) => Options = options;

    /// <summary>The loop's options with the servers' tools merged into <c>tools</c>.</summary>
    public HarnDict Options { get; private set; }

    public static McpAgentTools Attach(BuiltinContext context, HarnDict options)
    {
        var attachment = new McpAgentTools(options);
        if (options.Get("mcp_servers", Value.Nil) is not { Kind: ValueKind.List } servers || servers.AsList.Count == 0)
        {
            return attachment;
        }

        try
        {
            var registry = options.Get("tools", Value.Nil);
            foreach (var server in servers.AsList)
            {
                if (server.Kind != ValueKind.Dict || server.AsDict.GetString("name") is not { Length: > 0 } name)
                {
                    throw RuntimeErrors.Thrown("agent_loop: each mcp_servers entry needs a `name`");
                }

                var client = Connect(context, server);
                attachment._clients.Add(client);
                var tools = LlmWait.Run(context, token => McpClientBuiltins.ListAllAsync(client, "tools/list", "tools", token));
                foreach (var tool in tools)
                {
                    if (McpJson.StringField(tool, "name") is { Length: > 0 } toolName)
                    {
                        var entry = Entry(name, toolName, tool, client);
                        registry = registry.IsNil ? ToolRegistry.Create([Value.FromDict(entry)]) : ToolRegistry.With(registry, entry);
                    }
                }
            }

            attachment.Options = options.With("tools", registry);
            return attachment;
        }
        catch
        {
            attachment.Dispose();
            throw;
        }
    }

    /// <summary>Connects through the run's own <c>mcp_connect</c>, so a sandbox that denies it denies this too.</summary>
    private static McpClient Connect(BuiltinContext context, Value server)
    {
        if (!RunBuiltins.Of(context, StandardLibrary.Base).TryGet("mcp_connect", out var connect))
        {
            throw RuntimeErrors.Runtime("agent_loop: mcp_servers needs the mcp_connect builtin");
        }

        var client = context.Invoke(Value.FromObject(ValueKind.Builtin, connect), [server]);
        return client.Ref as McpClient ?? throw RuntimeErrors.Runtime("agent_loop: mcp_connect did not return an mcp_client");
    }

    /// <summary>A registry entry for one server tool; its parameters come from the tool's input schema.</summary>
    private static HarnDict Entry(string server, string tool, Value listing, McpClient client)
    {
        var schema = McpJson.Field(listing, "inputSchema");
        var required = McpJson.Field(schema, "required") is { Kind: ValueKind.List } names
            ? names.AsList.Where(n => n.Kind == ValueKind.String).Select(n => n.AsString).ToHashSet(StringComparer.Ordinal)
            : [];
        var parameters = HarnDict.Empty;
        if (McpJson.Field(schema, "properties") is { Kind: ValueKind.Dict } properties)
        {
            foreach (var (parameter, propertySchema) in properties.AsDict)
            {
                var own = propertySchema.Kind == ValueKind.Dict ? propertySchema.AsDict : HarnDict.Empty;
                parameters = parameters.With(parameter, Value.FromDict(required.Contains(parameter) ? own : own.With("required", Value.False)));
            }
        }

        var handler = new Builtin($"{server}__{tool}", (context, args) =>
        {
            var arguments = Args.At(args, 0) is { Kind: ValueKind.Dict } given ? given : Value.FromDict(HarnDict.Empty);
            return AsyncBuiltin.Await(context, token => McpClientBuiltins.CallToolAsync(client, tool, arguments, token));
        });
        var entry = HarnDict.Empty
            .With("name", Value.FromString($"{server}__{tool}"))
            .With("description", Value.FromString(McpJson.StringField(listing, "description") ?? ""))
            .With("parameters", Value.FromDict(parameters))
            .With("handler", Value.FromObject(ValueKind.Builtin, handler))
            .With("executor", Value.FromString("mcp_server"))
            .With("mcp_server", Value.FromString(server))
            .With("_mcp_server", Value.FromString(server))
            .With("mcp_tool", Value.FromString(tool));
        return McpJson.Field(listing, "annotations") is { Kind: ValueKind.Dict } annotations ? entry.With("annotations", annotations) : entry;
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Disconnect();
        }
    }
}
