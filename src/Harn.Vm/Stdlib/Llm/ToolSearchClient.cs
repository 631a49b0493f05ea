using System.Text;
using Harn.Runtime;
using Harn.Stdlib.Agents;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>
/// The client-executed tool search of one call or loop: the model sees the eager tools, the
/// tools promoted so far and a synthetic search tool (<c>__harn_tool_search</c> unless renamed).
/// When the model calls it, the configured strategy runs over the deferred tools and the hits
/// are promoted into the next turn's tool list. With <c>budget_tokens</c> the oldest promotions
/// are evicted once the promoted schemas outgrow the budget.
/// </summary>
internal sealed class ToolSearchClient
{
    private readonly ToolSearchOptions _search;
    private readonly ToolSearchCatalog _catalog;

    /// <summary>Promoted tool names, oldest first.</summary>
    private readonly List<string> _promoted = [];

    public ToolSearchClient(ToolSearchOptions search, ToolSearchCatalog catalog)
    {
        _search = search;
        _catalog = catalog;
    }

    public string ToolName => _search.ToolName;

    public IReadOnlyList<string> Promoted => _promoted;

    /// <summary>True for a deferred tool that no search has surfaced (yet, or any more).</summary>
    public bool IsHidden(string name) => _catalog.IsDeferred(name) && !_promoted.Contains(name);

    /// <summary>The registry the model is offered now: eager and promoted tools in registry order, then the search tool.</summary>
    public Value Visible(Value registry)
    {
        var entries = ToolRegistry.Entries(registry).Where(entry => !IsHidden(ToolRegistry.NameOf(entry))).Select(Value.FromDict).ToList();
        entries.Add(Value.FromDict(SearchToolEntry()));
        return ToolRegistry.WithEntries(registry.IsNil ? ToolRegistry.Create([]) : registry, entries);
    }

    /// <summary>The synthetic tool; its description tells the model which query language the strategy speaks.</summary>
    public HarnDict SearchToolEntry() => HarnDict.Empty
        .With("name", Value.FromString(_search.ToolName))
        .With("description", Value.FromString(_search.Strategy == "regex"
            ? "Find more tools: a case-insensitive regular expression (no backreferences or lookaround) matched against the names, descriptions and parameters of tools not loaded yet. Matching tools become callable on your next turn."
            : "Find more tools: describe what you need in a few words. The best-matching tools not loaded yet become callable on your next turn."))
        .With("parameters", Value.FromDict(HarnDict.Empty.With("query", Value.FromDict(HarnDict.Empty
            .With("type", Value.FromString("string"))
            .With("description", Value.FromString(_search.Strategy == "regex" ? "Regular expression" : "What the tool should do"))))))
        .With("executor", Value.FromString("harn_builtin"));

    /// <summary>
    /// The system-prompt section explaining the search tool; <paramref name="loaded"/> names the
    /// tools callable now (when the prompt carries no tool contract of its own).
    /// </summary>
    public string SystemSection(IEnumerable<string>? loaded)
    {
        var text = new StringBuilder("## Tool search\n")
            .Append("More tools exist than are loaded. To find one, call `").Append(_search.ToolName).Append("` with a `query`; matching tools are loaded for your next turn.");
        if (loaded is not null)
        {
            text.Append("\nLoaded tools: ").Append(string.Join(", ", loaded)).Append('.');
        }

        if (_search.IncludeStubListing)
        {
            var hidden = _catalog.DeferredEntries.Where(entry => IsHidden(ToolRegistry.NameOf(entry))).ToList();
            if (hidden.Count > 0)
            {
                text.Append("\nSearchable tools:");
                foreach (var entry in hidden)
                {
                    var description = (entry.GetString("description") ?? string.Empty).Split('\n', 2)[0].Trim();
                    text.Append("\n- ").Append(ToolRegistry.NameOf(entry)).Append(description.Length > 0 ? ": " + description : string.Empty);
                }
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Runs one call of the search tool: records <c>tool_search_query</c>, ranks the deferred
    /// tools, promotes the hits (evicting over budget) and records <c>tool_search_result</c>.
    /// A query the strategy cannot run comes back to the model as a tool error.
    /// </summary>
    public ToolOutcome Search(string callId, Value arguments, SearchEvents emit)
    {
        var query = QueryText(arguments);
        var input = arguments.Kind == ValueKind.Dict ? arguments : Value.FromDict(HarnDict.Empty.With("query", Value.FromString(query)));
        emit("tool_search_query", query, Tagged()
            .With("id", Value.FromString(callId))
            .With("name", Value.FromString(_search.ToolName))
            .With("query", input));
        IReadOnlyList<string> hits;
        try
        {
            hits = query.Trim().Length == 0 ? throw new ToolSearchQueryException("the `query` argument is empty")
                : _search.Strategy switch
                {
                    "bm25" => ToolSearchRanking.Bm25(_catalog.DeferredEntries, query),
                    "regex" => ToolSearchRanking.Regex(_catalog.DeferredEntries, query),
                    _ => throw new ToolSearchQueryException($"the \"{_search.Strategy}\" strategy needs a host bridge that answers tool_search/query, and none is attached"),
                };
        }
        catch (ToolSearchQueryException error)
        {
            var message = $"{_search.ToolName}: {error.Message}";
            emit("tool_search_result", message, Tagged()
                .With("tool_use_id", Value.FromString(callId))
                .With("promoted", Value.FromList(HarnList.Empty))
                .With("error", Value.FromString(error.Message)));
            return new ToolOutcome("error", Value.FromString(message), message, error.Message, arguments);
        }

        var evicted = Promote(hits);
        var references = hits.Select(name => Value.FromDict(HarnDict.Empty
            .With("type", Value.FromString("tool_reference"))
            .With("tool_name", Value.FromString(name))));
        emit("tool_search_result", hits.Count == 0 ? "no matching tools" : string.Join(", ", hits), Tagged()
            .With("tool_use_id", Value.FromString(callId))
            .With("promoted", HostValues.Strings(hits))
            .With("references", HostValues.List(references))
            .With("evicted", HostValues.Strings(evicted)));
        var result = HarnDict.Empty
            .With("query", Value.FromString(query))
            .With("tools", HostValues.List(hits.Select(name => Value.FromDict(HarnDict.Empty
                .With("name", Value.FromString(name))
                .With("description", Value.FromString(_catalog.Entries.First(entry => ToolRegistry.NameOf(entry) == name).GetString("description") ?? string.Empty))))))
            .With("note", Value.FromString(hits.Count == 0
                ? "No tool matched; try other words."
                : "These tools are callable from your next turn."));
        return new ToolOutcome("ok", Value.FromDict(result), JsonConversion.Stringify(Value.FromDict(result)), null, arguments);
    }

    /// <summary>Adds <paramref name="hits"/> as the newest promotions, the best hit newest so it is evicted last; returns the evicted names.</summary>
    private List<string> Promote(IReadOnlyList<string> hits)
    {
        foreach (var name in hits.Reverse())
        {
            _promoted.Remove(name);
            _promoted.Add(name);
        }

        var evicted = new List<string>();
        if (_search.BudgetTokens is not { } budget)
        {
            return evicted;
        }

        // The newest promotion always stays, even when it alone is over budget: the model asked for it.
        while (_promoted.Count > 1 && _promoted.Sum(SchemaTokens) > budget)
        {
            evicted.Add(_promoted[0]);
            _promoted.RemoveAt(0);
        }

        return evicted;
    }

    /// <summary>Estimated tokens of a tool's schema as sent to the provider (about four characters a token).</summary>
    private long SchemaTokens(string name)
    {
        var entry = _catalog.Entries.First(e => ToolRegistry.NameOf(e) == name);
        var schema = LlmCallSpec.NativeTools(Value.FromList(HarnList.Create([Value.FromDict(entry)])))[0];
        return (JsonConversion.Stringify(Value.FromDict(schema)).Length + 3) / 4;
    }

    private HarnDict Tagged() => HarnDict.Empty
        .With("mode", Value.FromString("client"))
        .With("strategy", Value.FromString(_search.Strategy));

    private static string QueryText(Value arguments) => arguments.Kind switch
    {
        ValueKind.String => arguments.AsString,
        ValueKind.Dict => arguments.AsDict.Get("query", Value.Nil) is { Kind: ValueKind.String } text ? text.AsString
            : arguments.AsDict.Get("query", Value.Nil) is { IsNil: false } other ? ValueFormatter.Display(other) : string.Empty,
        _ => string.Empty,
    };

    /// <summary>Receives the <c>tool_search_query</c> / <c>tool_search_result</c> events.</summary>
    public delegate void SearchEvents(string kind, string text, HarnDict metadata);
}
