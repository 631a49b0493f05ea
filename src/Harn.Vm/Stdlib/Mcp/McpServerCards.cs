using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Mcp;

/// <summary>
/// <c>mcp_server_card(name_or_path)</c>: an MCP Server Card (the JSON description of a server:
/// name, version, protocolVersion, capabilities, tools, publisher). The argument is a server
/// registered in harn.toml (its <c>card</c> field names the file), or a path to the card itself.
/// Cards are cached per run by their resolved path.
/// </summary>
internal static class McpServerCards
{
    private static readonly RunLocal<Dictionary<string, Value>> Cache = new(() => new(StringComparer.Ordinal));

    public static void Register(BuiltinRegistry registry) => registry.Register("mcp_server_card", Card);

    private static Value Card(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        const string Function = "mcp_server_card";
        var target = Args.String(args, 0, Function);
        if (McpRegistry.Of(context).Config(target) is { } server)
        {
            target = server.GetString("card") ?? throw RuntimeErrors.Thrown($"{Function}: MCP server '{target}' declares no `card`");
        }

        var path = RuntimePaths.Resolve(context, target);
        var cache = Cache.Get(context);
        if (cache.TryGetValue(path, out var cached))
        {
            return cached;
        }

        string text;
        try
        {
            text = File.ReadAllText(HostPaths.Full(path));
        }
        catch (Exception error) when (HostErrors.IsHostFailure(error))
        {
            throw HostErrors.Io($"{Function}: cannot read server card {target}", error);
        }

        if (!JsonConversion.TryParse(text, out var card) || card.Kind != ValueKind.Dict)
        {
            throw RuntimeErrors.Thrown($"{Function}: {target} is not a JSON server card object");
        }

        cache[path] = card;
        return card;
    }
}
