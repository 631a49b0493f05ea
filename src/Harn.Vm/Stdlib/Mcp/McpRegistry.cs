using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Mcp;

/// <summary>
/// The lazy MCP registry: the servers of the project's harn.toml <c>[[mcp]]</c> tables, known
/// by name and connected only when asked. <c>mcp_ensure_active(name)</c> connects on first use
/// and counts holders; <c>mcp_release(name)</c> drops one and disconnects at zero (an unknown
/// name is a no-op); <c>mcp_registry_status()</c> lists every server with its state.
/// </summary>
internal sealed class McpRegistry
{
    private static readonly RunLocal<McpRegistry> State = new(() => new McpRegistry());

    private readonly Dictionary<string, Entry> _servers = new(StringComparer.Ordinal);
    private bool _loaded;

    private sealed class Entry(HarnDict config)
    {
        public HarnDict Config { get; } = config;

        public McpClient? Client { get; set; }

        public int Holders { get; set; }
    }

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("mcp_registry_status", (ctx, _) => Of(ctx).Status());
        registry.Register("mcp_ensure_active", EnsureActive);
        registry.Register("mcp_release", (ctx, args) =>
        {
            Of(ctx).Release(Args.String(args, 0, "mcp_release"));
            return Value.Nil;
        });
    }

    /// <summary>The run's registry, loading the project's manifest on first use.</summary>
    public static McpRegistry Of(BuiltinContext context)
    {
        var registry = State.Get(context);
        if (!registry._loaded)
        {
            registry._loaded = true;
            if (RuntimePaths.ProjectRoot(RuntimePaths.SourceDirectory(context)) is { } root)
            {
                foreach (var server in McpManifest.Servers(Path.Combine(root, ProjectManifest.FileName)))
                {
                    registry._servers[server.GetString("name")!] = new Entry(server);
                }
            }
        }

        return registry;
    }

    /// <summary>The servers to connect before the run starts: those not marked <c>lazy = true</c>.</summary>
    public List<HarnDict> EagerServers() => _servers.Values.Select(e => e.Config).Where(c => !c.GetBool("lazy", false)).ToList();

    /// <summary>The configuration of a registered server, or null.</summary>
    public HarnDict? Config(string name) => _servers.TryGetValue(name, out var entry) ? entry.Config : null;

    private Value Status() => HostValues.List(_servers.Select(pair => HostValues.Dict(
        ("name", Value.FromString(pair.Key)),
        ("transport", Value.FromString(pair.Value.Config.GetString("transport") ?? (pair.Value.Config.GetString("url") is null ? "stdio" : "http"))),
        ("lazy", Value.FromBool(pair.Value.Config.GetBool("lazy", false))),
        ("active", Value.FromBool(pair.Value.Client is { Connected: true })),
        ("ref_count", Value.FromInt(pair.Value.Holders)))));

    private static Value EnsureActive(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        const string Function = "mcp_ensure_active";
        var name = Args.String(args, 0, Function);
        var registry = Of(context);
        if (!registry._servers.TryGetValue(name, out var entry))
        {
            throw RuntimeErrors.Thrown($"{Function}: no MCP server named '{name}' is registered");
        }

        if (entry.Client is { Connected: true } live)
        {
            entry.Holders++;
            return Value.FromHarnObject(live);
        }

        return AsyncBuiltin.Await(context, async cancellation =>
        {
            var client = await McpConnector.ConnectAsync(context, Function, entry.Config, cancellation).ConfigureAwait(false);
            entry.Client = client;
            entry.Holders++;
            return Value.FromHarnObject(client);
        });
    }

    /// <summary>
    /// The live client of a registered server, connecting it on first use and holding it for the
    /// rest of the run (tools with <c>executor: "mcp_server"</c> reach their server this way).
    /// </summary>
    public async Task<McpClient?> ActivateAsync(BuiltinContext context, string name, string function, CancellationToken cancellation)
    {
        if (!_servers.TryGetValue(name, out var entry))
        {
            return null;
        }

        if (entry.Client is not { Connected: true })
        {
            entry.Client = await McpConnector.ConnectAsync(context, function, entry.Config, cancellation).ConfigureAwait(false);
            entry.Holders++;
        }

        return entry.Client;
    }

    private void Release(string name)
    {
        if (!_servers.TryGetValue(name, out var entry) || entry.Holders == 0)
        {
            return;
        }

        entry.Holders--;
        if (entry.Holders == 0)
        {
            entry.Client?.Disconnect();
            entry.Client = null;
        }
    }
}
