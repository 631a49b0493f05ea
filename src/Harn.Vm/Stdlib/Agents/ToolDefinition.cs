using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>
/// <c>tool_define(registry, name, description, config)</c>: validates the config and builds the
/// registry entry. Every tool states how it runs (its executor); the texts of the errors follow
/// upstream so scripts and tests can match them.
/// </summary>
internal static class ToolDefinition
{
    private const string Function = "tool_define";

    /// <summary>Config keys that are consumed here rather than copied onto the entry.</summary>
    private static readonly HashSet<string> Consumed = new(StringComparer.Ordinal) { "parameters", "params", "returns", "handler", "executor" };

    public static Value Define(ReadOnlySpan<Value> args)
    {
        var registry = Args.At(args, 0);
        var name = Args.String(args, 1, Function);
        var description = Args.At(args, 2) is { Kind: ValueKind.String } text ? text.AsString : "";
        var config = Args.At(args, 3);
        if (config.Kind != ValueKind.Dict)
        {
            throw RuntimeErrors.Thrown("tool_define: config must be a dict with parameters and handler");
        }

        return ToolRegistry.With(registry.IsNil ? ToolRegistry.Create([]) : registry, BuildEntry(name, description, config.AsDict));
    }

    public static HarnDict BuildEntry(string name, string description, HarnDict config)
    {
        var handler = AgentValues.Field(config, "handler");
        var executor = ResolveExecutor(name, config, handler);
        if (config.TryGetValue("defer_loading", out var defer) && defer.Kind != ValueKind.Bool && !defer.IsNil)
        {
            throw RuntimeErrors.Thrown($"tool_define: tool \"{name}\" has `defer_loading: {ValueFormatter.Display(defer)}`; `defer_loading` must be a bool");
        }

        if (config.TryGetValue("namespace", out var label) && label.Kind != ValueKind.String && !label.IsNil)
        {
            throw RuntimeErrors.Thrown($"tool_define: tool \"{name}\" has `namespace: {ValueFormatter.Display(label)}`; `namespace` must be a string");
        }

        var parameters = config.TryGetValue("parameters", out var declared) ? declared : AgentValues.Field(config, "params");
        var entry = HarnDict.Empty
            .With("name", AgentValues.Str(name))
            .With("description", AgentValues.Str(description))
            .With("parameters", Value.FromDict(ToolSchemas.NormalizeParameters(parameters)))
            .With("executor", AgentValues.Str(executor));
        if (!handler.IsNil)
        {
            entry = entry.With("handler", handler);
        }

        if (config.TryGetValue("returns", out var returns) && !returns.IsNil)
        {
            entry = entry.With("outputSchema", ToolSchemas.Normalize(returns));
        }

        foreach (var (key, value) in config)
        {
            if (!Consumed.Contains(key) && !(key == "defer_loading" && !Truthiness.IsTruthy(value)) && !value.IsNil)
            {
                entry = entry.With(key, value);
            }
        }

        return entry;
    }

    private static string ResolveExecutor(string name, HarnDict config, Value handler)
    {
        var declared = AgentValues.Field(config, "executor");
        var hasHandler = !handler.IsNil;
        if (declared.IsNil)
        {
            return hasHandler ? "harn" : throw NoHandler(name);
        }

        var executor = declared.Kind == ValueKind.String ? declared.AsString : ValueFormatter.Display(declared);
        switch (executor)
        {
            case "harn" or "harn_builtin":
                return hasHandler ? "harn" : throw NoHandler(name);
            case "host_bridge":
                if (hasHandler)
                {
                    throw RuntimeErrors.Thrown(
                        $"tool_define: tool \"{name}\" declares executor: \"host_bridge\" but also has a `handler`. Drop the handler — host-bridge tools are dispatched by the host shell, not the VM.");
                }

                if (AgentValues.StringField(config, "host_capability") is not { Length: > 0 })
                {
                    throw RuntimeErrors.Thrown(
                        $"tool_define: tool \"{name}\" declares executor: \"host_bridge\" but is missing `host_capability`. Set it to the canonical bridge identifier (e.g. \"interaction.ask\") so `harn check` can validate the binding against the host capability manifest.");
                }

                return executor;
            case "mcp_server":
                if (AgentValues.StringField(config, "mcp_server") is not { Length: > 0 })
                {
                    throw RuntimeErrors.Thrown(
                        $"tool_define: tool \"{name}\" declares executor: \"mcp_server\" but is missing `mcp_server`. Set it to the configured MCP server name.");
                }

                return executor;
            case "provider_native":
                return executor;
            default:
                throw RuntimeErrors.Thrown(
                    $"tool_define: unknown executor \"{executor}\" for tool \"{name}\". Expected one of: \"harn\", \"host_bridge\", \"mcp_server\", \"provider_native\"");
        }
    }

    private static HarnRuntimeException NoHandler(string name) => RuntimeErrors.Thrown(
        $"tool_define: tool \"{name}\" has no `handler` and no `executor`. Either attach a `handler` fn (executor: \"harn\") or declare an alternate backend, e.g. executor: \"host_bridge\" + host_capability: \"cap.op\", executor: \"mcp_server\" + mcp_server: \"server-name\", executor: \"provider_native\". Defining a handlerless tool would surface as `[builtin_call] unhandled: {name}` at the first model call.");
}
