using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Mcp;

/// <summary>
/// The MCP client builtins: <c>mcp_connect</c> spawns a stdio server (or, given a config dict,
/// reaches an HTTP one) and performs the handshake; the others list and call the server's
/// tools, resources and prompts. Every wait is an <see cref="AsyncBuiltin"/>, so other tasks run meanwhile.
/// </summary>
internal static class McpClientBuiltins
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("mcp_connect", Connect);
        registry.Register("mcp_list_tools", ListTools);
        registry.Register("mcp_list_resources", (ctx, args) => Listing(ctx, args, "mcp_list_resources", "resources/list", "resources"));
        registry.Register("mcp_list_resource_templates", (ctx, args) => Listing(ctx, args, "mcp_list_resource_templates", "resources/templates/list", "resourceTemplates"));
        registry.Register("mcp_list_prompts", (ctx, args) => Listing(ctx, args, "mcp_list_prompts", "prompts/list", "prompts"));
        registry.Register("mcp_call", Call);
        registry.Register("mcp_read_resource", ReadResource);
        registry.Register("mcp_get_prompt", GetPrompt);
        registry.Register("mcp_server_info", ServerInfo);
        registry.Register("mcp_disconnect", (ctx, args) =>
        {
            McpClients.Of(args, 0, "mcp_disconnect").Disconnect();
            return Value.Nil;
        });
    }

    private static Value Connect(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        const string Function = "mcp_connect";
        var first = Args.At(args, 0);
        HarnDict config;
        if (first.Kind == ValueKind.Dict)
        {
            config = first.AsDict;
        }
        else
        {
            var command = Args.String(args, 0, Function);
            var arguments = Args.At(args, 1) switch
            {
                { Kind: ValueKind.Nil } => HarnList.Empty,
                { Kind: ValueKind.List } list => list.AsList,
                var other => throw Args.Expected(Function, "a list of arguments", other),
            };
            config = HarnDict.Empty.With("command", Value.FromString(command)).With("args", Value.FromList(arguments));
            if (Args.At(args, 2) is { Kind: ValueKind.Dict } extra)
            {
                foreach (var (key, value) in extra.AsDict)
                {
                    config = config.With(key, value);
                }
            }
        }

        return AsyncBuiltin.Await(context, async cancellation =>
            Value.FromHarnObject(await McpConnector.ConnectAsync(context, Function, config, cancellation).ConfigureAwait(false)));
    }

    /// <summary>The server's tools, each carrying <c>_mcp_server</c> (the client's name) as <c>executor: "mcp_server"</c> entries do.</summary>
    private static Value ListTools(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var client = McpClients.Of(args, 0, "mcp_list_tools");
        return AsyncBuiltin.Await(context, async cancellation =>
        {
            var tools = await ListAllAsync(client, "tools/list", "tools", cancellation).ConfigureAwait(false);
            return Value.FromList(HarnList.Create(tools.Select(tool =>
                tool.Kind == ValueKind.Dict ? Value.FromDict(tool.AsDict.With("_mcp_server", Value.FromString(client.Name))) : tool)));
        });
    }

    /// <summary>A <c>*/list</c> request, following <c>nextCursor</c> until the server has sent every page.</summary>
    private static Value Listing(BuiltinContext context, ReadOnlySpan<Value> args, string function, string method, string field)
    {
        var client = McpClients.Of(args, 0, function);
        return AsyncBuiltin.Await(context, async cancellation =>
            Value.FromList(HarnList.Create(await ListAllAsync(client, method, field, cancellation).ConfigureAwait(false))));
    }

    public static async Task<List<Value>> ListAllAsync(McpClient client, string method, string field, CancellationToken cancellation)
    {
        var items = new List<Value>();
        string? cursor = null;
        do
        {
            var parameters = cursor is null ? Value.Nil : McpJson.Dict(("cursor", Value.FromString(cursor)));
            var result = await client.RequestAsync(method, parameters, cancellation).ConfigureAwait(false);
            if (McpJson.Field(result, field) is { Kind: ValueKind.List } page)
            {
                items.AddRange(page.AsList);
            }

            var next = McpJson.StringField(result, "nextCursor");
            cursor = next is { Length: > 0 } && next != cursor ? next : null;
        }
        while (cursor is not null);
        return items;
    }

    private static Value Call(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        const string Function = "mcp_call";
        var client = McpClients.Of(args, 0, Function);
        var tool = Args.String(args, 1, Function);
        var arguments = Arguments(args, 2, Function);
        return AsyncBuiltin.Await(context, cancellation => CallToolAsync(client, tool, arguments, cancellation));
    }

    public static async Task<Value> CallToolAsync(McpClient client, string tool, Value arguments, CancellationToken cancellation)
    {
        var result = await client.RequestAsync(
            "tools/call",
            McpJson.Dict(("name", Value.FromString(tool)), ("arguments", arguments)),
            cancellation).ConfigureAwait(false);
        return McpContent.ToolResult(result);
    }

    private static Value ReadResource(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        const string Function = "mcp_read_resource";
        var client = McpClients.Of(args, 0, Function);
        var uri = Args.String(args, 1, Function);
        return AsyncBuiltin.Await(context, async cancellation => McpContent.ResourceResult(
            await client.RequestAsync("resources/read", McpJson.Dict(("uri", Value.FromString(uri))), cancellation).ConfigureAwait(false)));
    }

    private static Value GetPrompt(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        const string Function = "mcp_get_prompt";
        var client = McpClients.Of(args, 0, Function);
        var name = Args.String(args, 1, Function);
        var arguments = Arguments(args, 2, Function);
        var parameters = McpJson.Dict(("name", Value.FromString(name)), ("arguments", StringArguments(arguments)));
        return AsyncBuiltin.Await(context, cancellation => client.RequestAsync("prompts/get", parameters, cancellation));
    }

    private static Value ServerInfo(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var client = McpClients.Of(args, 0, "mcp_server_info");
        return HostValues.Dict(
            ("name", Value.FromString(client.Name)),
            ("connected", Value.FromBool(client.Connected)),
            ("server_info", client.ServerInfo),
            ("capabilities", client.Capabilities),
            ("protocol_version", HostValues.Str(client.ProtocolVersion)));
    }

    private static Value Arguments(ReadOnlySpan<Value> args, int index, string function) => Args.At(args, index) switch
    {
        { Kind: ValueKind.Nil } => Value.FromDict(HarnDict.Empty),
        { Kind: ValueKind.Dict } dict => dict,
        var other => throw Args.Expected(function, "a dict of arguments", other),
    };

    /// <summary>Prompt arguments travel as strings (MCP's <c>prompts/get</c> takes a string map).</summary>
    private static Value StringArguments(Value arguments)
    {
        var strings = HarnDict.Empty;
        foreach (var (key, value) in arguments.AsDict)
        {
            strings = strings.With(key, Value.FromString(value.Kind == ValueKind.String ? value.AsString : JsonConversion.Stringify(value)));
        }

        return Value.FromDict(strings);
    }
}
