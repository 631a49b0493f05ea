using Harn.Runtime;
using Harn.Stdlib.Agents;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>
/// A registry seen through the <c>tool_search</c> option: which tools are deferred
/// (<c>defer_loading: true</c> and not pinned by <c>always_loaded</c>) and which are eager.
/// Tool search needs at least one eager tool, as Anthropic's API does.
/// </summary>
internal sealed class ToolSearchCatalog
{
    private ToolSearchCatalog(IReadOnlyList<HarnDict> entries, IReadOnlySet<string> deferred)
    {
        Entries = entries;
        Deferred = deferred;
    }

    /// <summary>Every tool of the registry, in registry order.</summary>
    public IReadOnlyList<HarnDict> Entries { get; }

    /// <summary>The names of the tools kept out of the model's context until a search surfaces them.</summary>
    public IReadOnlySet<string> Deferred { get; }

    public IReadOnlyList<HarnDict> DeferredEntries => Entries.Where(entry => Deferred.Contains(ToolRegistry.NameOf(entry))).ToList();

    public bool IsDeferred(string name) => Deferred.Contains(name);

    public static ToolSearchCatalog Of(Value registry, ToolSearchOptions search, string function)
    {
        var entries = ToolRegistry.Entries(registry);
        var deferred = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var name = ToolRegistry.NameOf(entry);
            if (Truthiness.IsTruthy(entry.Get("defer_loading", Value.Nil)) && !search.AlwaysLoaded.Contains(name))
            {
                deferred.Add(name);
            }
        }

        if (entries.Count > 0 && deferred.Count == entries.Count)
        {
            throw RuntimeErrors.Thrown(
                $"{function}: tool_search needs at least one tool without `defer_loading: true`, but every tool of the registry is deferred. "
                + "Load one eagerly (drop `defer_loading`, or list it in `tool_search.always_loaded`).");
        }

        return new ToolSearchCatalog(entries, deferred);
    }

    /// <summary>
    /// The tools array of a native call: the provider's meta-tool first, then every tool of
    /// <paramref name="registry"/> with <c>defer_loading: true</c> on the deferred ones and each tool's <c>namespace</c>
    /// (OpenAI groups by it; Anthropic ignores it, but replays keep it).
    /// </summary>
    public IReadOnlyList<HarnDict> NativePayload(ToolSearchPath path, ToolSearchOptions search, Value registry)
    {
        var tools = new List<HarnDict>();
        var namespaces = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in ToolRegistry.Entries(registry))
        {
            var tool = LlmCallSpec.NativeTools(Value.FromList(HarnList.Create([Value.FromDict(entry)])))[0];
            if (IsDeferred(ToolRegistry.NameOf(entry)))
            {
                tool = tool.With("defer_loading", Value.True);
            }

            if (entry.GetString("namespace") is { } label)
            {
                tool = tool.With("namespace", Value.FromString(label));
                namespaces.Add(label);
            }

            tools.Add(tool);
        }

        tools.Insert(0, path == ToolSearchPath.NativeAnthropic
            ? HarnDict.Empty
                .With("type", Value.FromString($"tool_search_tool_{search.Variant}_20251119"))
                .With("name", Value.FromString($"tool_search_tool_{search.Variant}"))
            : namespaces.Count == 0
                ? OpenAiMetaTool()
                : OpenAiMetaTool().With("namespaces", HostValues.Strings(namespaces)));
        return tools;
    }

    private static HarnDict OpenAiMetaTool() => HarnDict.Empty
        .With("type", Value.FromString("tool_search"))
        .With("mode", Value.FromString("hosted"));
}
