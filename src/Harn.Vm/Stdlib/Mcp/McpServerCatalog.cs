using Harn.Runtime;

namespace Harn.Stdlib.Mcp;

/// <summary>
/// What a run offers when it is served as an MCP server: the tool registry given to
/// <c>mcp_tools</c>/<c>mcp_serve</c>, and the resources, resource templates and prompts
/// registered one by one. Per run.
/// </summary>
internal sealed class McpServerCatalog
{
    private static readonly RunLocal<McpServerCatalog> State = new(() => new McpServerCatalog());

    public Value Tools { get; set; } = Value.Nil;

    public List<HarnDict> Resources { get; } = [];

    public List<HarnDict> ResourceTemplates { get; } = [];

    public List<HarnDict> Prompts { get; } = [];

    public static McpServerCatalog Of(BuiltinContext context) => State.Get(context);

    /// <summary>Adds an entry, replacing one with the same key (a re-registration wins).</summary>
    public static void Upsert(List<HarnDict> entries, string keyField, HarnDict entry)
    {
        var key = McpJson.StringField(Value.FromDict(entry), keyField);
        var at = entries.FindIndex(e => McpJson.StringField(Value.FromDict(e), keyField) == key);
        if (at >= 0)
        {
            entries[at] = entry;
        }
        else
        {
            entries.Add(entry);
        }
    }
}
