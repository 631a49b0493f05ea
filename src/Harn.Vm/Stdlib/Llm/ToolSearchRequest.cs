using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>
/// Applies the <c>tool_search</c> option to a single <c>llm_call</c>: on a native route the tools
/// array gains the provider's meta-tool and the deferred flags; on the client route the deferred
/// tools are left out and the synthetic search tool is offered (a single call runs no tools, so
/// nothing is promoted — <c>agent_loop</c> does that across turns).
/// </summary>
internal static class ToolSearchRequest
{
    public static LlmCallSpec Apply(LlmRunState state, LlmCallSpec spec)
    {
        var request = spec.Request;
        var registry = request.Options.Get("tools", Value.Nil);
        if (registry.IsNil || ToolSearchOptions.From(request.Options, "llm_call") is not { } search)
        {
            return spec;
        }

        var catalog = ToolSearchCatalog.Of(registry, search, "llm_call");
        var path = ToolSearchRoute.Resolve(state, search, request.Provider, request.Model, request.Options, nativeTools: true, "llm_call");
        IReadOnlyList<HarnDict> tools;
        var system = request.System;
        if (path == ToolSearchPath.Client)
        {
            var client = new ToolSearchClient(search, catalog);
            var visible = client.Visible(registry);
            tools = LlmCallSpec.NativeTools(visible);
            var section = client.SystemSection(Agents.ToolRegistry.Entries(visible).Select(Agents.ToolRegistry.NameOf));
            system = string.IsNullOrEmpty(system) ? section : system + "\n\n" + section;
        }
        else
        {
            tools = catalog.NativePayload(path, search, registry);
        }

        var applied = spec.WithRequest(request with { System = system, Tools = tools }, spec.OnRetry);
        applied.Experiment = spec.Experiment;
        return applied;
    }
}
