using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Mcp;

/// <summary>
/// <c>mcp_tools</c> (alias <c>mcp_serve</c>), <c>mcp_resource</c>, <c>mcp_resource_template</c>
/// and <c>mcp_prompt</c>: register what the run offers when it is served as an MCP server
/// (<see cref="McpServerSession"/> answers the protocol from this catalog). Each returns nil.
/// </summary>
internal static class McpServerBuiltins
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("mcp_tools", (ctx, args) => Tools(ctx, args, "mcp_tools"));
        registry.Register("mcp_serve", (ctx, args) => Tools(ctx, args, "mcp_serve"));
        registry.Register("mcp_resource", Resource);
        registry.Register("mcp_resource_template", ResourceTemplate);
        registry.Register("mcp_prompt", Prompt);
    }

    private static Value Tools(BuiltinContext context, ReadOnlySpan<Value> args, string function)
    {
        var registry = Args.At(args, 0);
        var isRegistry = registry.Kind == ValueKind.Dict
            && (AgentValues.StringField(registry, "_type") == ToolRegistry.TypeTag || AgentValues.Field(registry, "tools").Kind == ValueKind.List);
        if (!isRegistry)
        {
            throw RuntimeErrors.Thrown($"{function}: argument must be a tool registry (created with tool_registry()), got {TypeNames.Of(registry)}");
        }

        McpServerCatalog.Of(context).Tools = registry;
        return Value.Nil;
    }

    private static Value Resource(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        const string Function = "mcp_resource";
        var config = Args.Dict(args, 0, Function);
        Require(config, "uri", Function);
        Require(config, "name", Function);
        if (!config.TryGetValue("text", out var text) || text.IsNil)
        {
            throw RuntimeErrors.Thrown($"{Function}: config needs `text`");
        }

        McpServerCatalog.Upsert(McpServerCatalog.Of(context).Resources, "uri", config);
        return Value.Nil;
    }

    private static Value ResourceTemplate(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        const string Function = "mcp_resource_template";
        var config = Args.Dict(args, 0, Function);
        Require(config, "uri_template", Function);
        Require(config, "name", Function);
        RequireHandler(config, Function);
        McpServerCatalog.Upsert(McpServerCatalog.Of(context).ResourceTemplates, "uri_template", config);
        return Value.Nil;
    }

    private static Value Prompt(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        const string Function = "mcp_prompt";
        var config = Args.Dict(args, 0, Function);
        Require(config, "name", Function);
        RequireHandler(config, Function);
        if (config.TryGetValue("arguments", out var arguments) && !arguments.IsNil && arguments.Kind != ValueKind.List)
        {
            throw RuntimeErrors.Thrown($"{Function}: `arguments` must be a list of {{name, description?, required?}} dicts");
        }

        McpServerCatalog.Upsert(McpServerCatalog.Of(context).Prompts, "name", config);
        return Value.Nil;
    }

    private static void Require(HarnDict config, string key, string function)
    {
        if (!config.TryGetValue(key, out var value) || value.Kind != ValueKind.String || value.AsString.Length == 0)
        {
            throw RuntimeErrors.Thrown($"{function}: config needs a string `{key}`");
        }
    }

    private static void RequireHandler(HarnDict config, string function)
    {
        if (!config.TryGetValue("handler", out var handler) || !Args.IsCallable(handler))
        {
            throw RuntimeErrors.Thrown($"{function}: config needs a `handler` function");
        }
    }
}
