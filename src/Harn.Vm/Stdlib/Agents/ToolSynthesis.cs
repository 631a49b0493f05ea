using System.Security.Cryptography;
using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>
/// <c>tool_synthesize(config)</c> turns a described tool into a callable that validates its
/// arguments and, by default (<c>executor: "dry_run"</c>), returns a preview instead of acting.
/// <c>host_bridge</c> (with <c>host_tool</c>) and <c>mcp_server</c> (with <c>mcp_tool</c> and
/// <c>mcp_client</c>) dispatch for real. Each synthesis is pinned in a per-run cache under an id
/// derived from its normalized spec: <c>tool_synthesis_cache()</c>, <c>tool_synthesis_clear()</c>.
/// </summary>
internal sealed class ToolSynthesis(BuiltinLookup builtins)
{
    private const string Function = "tool_synthesize";

    private static readonly RunLocal<List<HarnDict>> Caches = new(() => []);

    public void Register(BuiltinRegistry registry)
    {
        registry.Register(Function, (context, args) => Synthesize(context, Args.Dict(args, 0, Function)));
        registry.Register("tool_synthesis_cache", (context, _) => AgentValues.List(Caches.Get(context).Select(Value.FromDict)));
        registry.Register("tool_synthesis_clear", (context, _) =>
        {
            Caches.Get(context).Clear();
            return Value.Nil;
        });
    }

    private Value Synthesize(BuiltinContext context, HarnDict config)
    {
        var description = AgentValues.StringField(config, "description") is { Length: > 0 } text
            ? text.Trim()
            : throw RuntimeErrors.Thrown($"{Function}: config needs a non-empty `description`");
        var name = AgentValues.StringField(config, "name") ?? NameFrom(description);
        var executor = AgentValues.StringField(config, "executor") ?? "dry_run";
        var capabilities = AgentValues.Strings(AgentValues.Field(config, "capabilities")).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var parameters = ToolSchemas.NormalizeParameters(AgentValues.Field(config, "parameters"));
        var spec = HarnDict.Empty
            .With("name", AgentValues.Str(name))
            .With("description", AgentValues.Str(description))
            .With("parameters", Value.FromDict(parameters))
            .With("return_type", ToolSchemas.Normalize(AgentValues.Field(config, "return_type")))
            .With("capabilities", AgentValues.List(capabilities.Select(AgentValues.Str)))
            .With("executor", AgentValues.Str(executor))
            .With("side_effect_level", AgentValues.Str(AgentValues.StringField(config, "side_effect_level") ?? SideEffectOf(capabilities)));
        switch (executor)
        {
            case "dry_run":
                break;
            case "host_bridge":
                spec = spec.With("host_tool", AgentValues.Str(Required(config, "host_tool", executor)));
                break;
            case "mcp_server":
                spec = spec.With("mcp_tool", AgentValues.Str(Required(config, "mcp_tool", executor)));
                if (AgentValues.Field(config, "mcp_client").IsNil)
                {
                    throw RuntimeErrors.Thrown($"{Function}: executor \"mcp_server\" needs a connected `mcp_client`");
                }

                break;
            default:
                throw RuntimeErrors.Thrown($"{Function}: unknown executor \"{executor}\". Expected one of: \"dry_run\", \"host_bridge\", \"mcp_server\"");
        }

        spec = spec.With("id", AgentValues.Str(IdOf(spec)));
        Pin(context, spec);
        var client = AgentValues.Field(config, "mcp_client");
        var tool = new Builtin(name, (inner, args) => Call(inner, spec, client, Args.At(args, 0)), new SynthesizedAppearance());
        return Value.FromObject(ValueKind.Builtin, tool);
    }

    private Value Call(BuiltinContext context, HarnDict spec, Value client, Value arguments)
    {
        var name = ToolRegistry.NameOf(spec);
        if (arguments.IsNil)
        {
            arguments = Value.FromDict(HarnDict.Empty);
        }

        if (arguments.Kind != ValueKind.Dict)
        {
            throw RuntimeErrors.Thrown($"{name}: expected a dict of arguments, got {TypeNames.Of(arguments)}");
        }

        foreach (var required in ToolRegistry.RequiredParameters(spec))
        {
            if (AgentValues.Field(arguments, required).IsNil)
            {
                throw RuntimeErrors.Thrown($"{name}: missing required argument '{required}'");
            }
        }

        return AgentValues.StringField(spec, "executor") switch
        {
            "host_bridge" => builtins.Call(context, "host_tool_call", AgentValues.Field(spec, "host_tool"), arguments),
            "mcp_server" => builtins.Call(context, "mcp_call", client, AgentValues.Field(spec, "mcp_tool"), arguments),
            _ => AgentValues.Dict(
                ("status", AgentValues.Str("dry_run")),
                ("tool_id", AgentValues.Field(spec, "id")),
                ("name", AgentValues.Str(name)),
                ("args", arguments),
                ("side_effect_level", AgentValues.Field(spec, "side_effect_level")),
                ("capabilities", AgentValues.Field(spec, "capabilities"))),
        };
    }

    private static void Pin(BuiltinContext context, HarnDict spec)
    {
        var cache = Caches.Get(context);
        var id = AgentValues.StringField(spec, "id");
        var at = cache.FindIndex(e => AgentValues.StringField(e, "id") == id);
        if (at >= 0)
        {
            cache[at] = spec;
        }
        else
        {
            cache.Add(spec);
        }
    }

    private static string Required(HarnDict config, string key, string executor) =>
        AgentValues.StringField(config, key) is { Length: > 0 } value
            ? value
            : throw RuntimeErrors.Thrown($"{Function}: executor \"{executor}\" needs `{key}`");

    /// <summary>The most far-reaching effect the capabilities imply.</summary>
    private static string SideEffectOf(IReadOnlyList<string> capabilities)
    {
        bool Any(params string[] prefixes) => capabilities.Any(c => prefixes.Any(p => c == p || c.StartsWith(p + ":", StringComparison.Ordinal) || c.StartsWith(p + ".", StringComparison.Ordinal)));
        if (Any("http", "https", "network", "oauth", "web", "mcp"))
        {
            return "network";
        }

        if (Any("process", "shell", "exec"))
        {
            return "process_exec";
        }

        if (Any("fs.write", "workspace.write", "write"))
        {
            return "workspace_write";
        }

        return "read_only";
    }

    private static string NameFrom(string description)
    {
        var words = description.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3)
            .Select(w => new string(w.Where(char.IsLetterOrDigit).ToArray())).Where(w => w.Length > 0);
        return "synth_" + string.Join("_", words);
    }

    private static string IdOf(HarnDict spec)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(JsonConversion.Stringify(Value.FromDict(spec))));
        return "synth_" + Convert.ToHexString(hash.AsSpan(0, 8)).ToLowerInvariant();
    }

    /// <summary>Synthesized tools are called like closures and show as one.</summary>
    private sealed class SynthesizedAppearance : IHarnObject
    {
        public string TypeName => "closure";

        public string Display() => "<fn(args)>";
    }
}
