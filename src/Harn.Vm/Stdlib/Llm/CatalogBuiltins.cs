using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Llm;

/// <summary>
/// Provider and model introspection: <c>llm_config</c>, <c>llm_providers</c>,
/// <c>llm_infer_provider</c>, <c>llm_model_tier</c>, <c>llm_resolve_model</c>,
/// <c>llm_model_info</c>, <c>llm_known_models</c>, <c>llm_available_providers</c>,
/// <c>llm_provider_catalog</c>, <c>llm_pick_model</c>, <c>llm_qc_default_model</c>,
/// <c>llm_healthcheck</c> and the capability matrix builtins.
/// </summary>
internal static class CatalogBuiltins
{
    public static void Register(BuiltinRegistry registry, LlmLibrary library)
    {
        registry.Register("llm_config", (_, args) =>
        {
            var name = Args.At(args, 0);
            if (name.IsNil)
            {
                return HostValues.List(ProviderCatalog.Providers.Select(p => Value.FromDict(ProviderDict(p))));
            }

            return ProviderCatalog.Find(Args.String(args, 0, "llm_config")) is { } provider ? Value.FromDict(ProviderDict(provider)) : Value.Nil;
        });
        registry.Register("llm_providers", (_, _) => HostValues.Strings(ProviderCatalog.Providers.Select(p => p.Name)));
        registry.Register("llm_infer_provider", (_, args) => Value.FromString(ProviderCatalog.InferProvider(Args.String(args, 0, "llm_infer_provider"))));
        registry.Register("llm_model_tier", (_, args) => Value.FromString(ProviderCatalog.ModelTier(Args.String(args, 0, "llm_model_tier"))));
        registry.Register("llm_resolve_model", (_, args) => Value.FromDict(Resolved(Args.String(args, 0, "llm_resolve_model"))));
        registry.Register("llm_model_info", (ctx, args) => Value.FromDict(ModelInfoDict(library.StateOf(ctx), Args.String(args, 0, "llm_model_info"))));
        registry.Register("llm_known_models", (_, _) => HostValues.Strings(ProviderCatalog.Aliases.Keys.Concat(ProviderCatalog.Models.Select(m => m.Id)).Distinct().Order(StringComparer.Ordinal)));
        registry.Register("llm_available_providers", (_, _) => HostValues.Strings(ProviderCatalog.Providers.Where(p => p.AuthAvailable).Select(p => p.Name)));
        registry.Register("llm_provider_catalog", (_, _) => Value.FromDict(Catalog()));
        registry.Register("llm_pick_model", (_, args) =>
        {
            var tier = Args.String(args, 0, "llm_pick_model");
            return ProviderCatalog.Aliases.TryGetValue(tier, out var alias)
                ? HostValues.Dict(("id", Value.FromString(alias.Id)), ("model", Value.FromString(alias.Id)), ("provider", Value.FromString(alias.Provider)), ("tier", Value.FromString(tier)))
                : throw RuntimeErrors.Thrown($"llm_pick_model: unknown tier \"{tier}\" (expected small, mid or frontier)");
        });
        registry.Register("llm_qc_default_model", (_, args) =>
        {
            var provider = Args.At(args, 0).Kind == ValueKind.String ? Args.At(args, 0).AsString : "anthropic";
            return ProviderCatalog.QcDefaults.TryGetValue(provider, out var model) ? Value.FromString(model) : Value.Nil;
        });
        registry.Register("llm_healthcheck", (ctx, args) => Value.FromDict(Healthcheck.Run(ctx, args)));
        CapabilityBuiltins.Register(registry, library);
    }

    public static HarnDict ProviderDict(ProviderInfo provider) => HarnDict.Empty
        .With("name", Value.FromString(provider.Name))
        .With("base_url", Value.FromString(provider.ResolvedBaseUrl()))
        .With("chat_endpoint", Value.FromString(provider.ChatEndpoint))
        .With("auth_style", Value.FromString(provider.AuthStyle))
        .With("auth_env", HostValues.Strings(provider.AuthEnv))
        .With("default_model", Value.FromString(provider.DefaultModel))
        .With("protocol", Value.FromString(provider.Protocol switch
        {
            ProviderProtocol.AnthropicMessages => "anthropic",
            ProviderProtocol.OllamaChat => "ollama",
            ProviderProtocol.Mock => "mock",
            _ => "openai",
        }));

    private static HarnDict Resolved(string name)
    {
        var (id, provider) = ProviderCatalog.Resolve(name);
        var resolvedProvider = provider ?? ProviderCatalog.InferProvider(id);
        var dict = HarnDict.Empty
            .With("id", Value.FromString(id))
            .With("provider", Value.FromString(resolvedProvider))
            .With("tier", Value.FromString(ProviderCatalog.ModelTier(id)));
        return ProviderCatalog.Aliases.ContainsKey(name) ? dict.With("alias", Value.FromString(name)) : dict;
    }

    private static HarnDict ModelInfoDict(LlmRunState state, string name)
    {
        var resolved = Resolved(name);
        var id = resolved.GetString("id")!;
        var providerName = resolved.GetString("provider")!;
        var provider = ProviderCatalog.Find(providerName);
        var model = ProviderCatalog.FindModel(id);
        var catalog = model is null
            ? Value.Nil
            : Value.FromDict(HarnDict.Empty
                .With("pricing", Value.FromDict(ProviderCatalog.PricingDict(model)))
                .With("context_window", Value.FromInt(model.ContextWindow))
                .With("tier", Value.FromString(model.Tier)));
        return resolved
            .With("tool_format", Value.FromString(provider?.Protocol == ProviderProtocol.OllamaChat ? "text" : "native"))
            .With("auth_available", Value.FromBool(provider?.AuthAvailable ?? false))
            .With("catalog", catalog)
            .With("capabilities", Value.FromDict(Capabilities.Lookup(state, providerName, id)));
    }

    private static HarnDict Catalog()
    {
        var aliases = HarnDict.Empty;
        foreach (var (alias, (id, provider)) in ProviderCatalog.Aliases)
        {
            aliases = aliases.With(alias, HostValues.Dict(("id", Value.FromString(id)), ("provider", Value.FromString(provider))));
        }

        var qc = HarnDict.Empty;
        foreach (var (provider, model) in ProviderCatalog.QcDefaults)
        {
            qc = qc.With(provider, Value.FromString(model));
        }

        return HarnDict.Empty
            .With("providers", HostValues.List(ProviderCatalog.Providers.Select(p => Value.FromDict(ProviderDict(p)))))
            .With("aliases", Value.FromDict(aliases))
            .With("models", HostValues.List(ProviderCatalog.Models.Select(m => HostValues.Dict(
                ("id", Value.FromString(m.Id)),
                ("provider", Value.FromString(m.Provider)),
                ("tier", Value.FromString(m.Tier)),
                ("context_window", Value.FromInt(m.ContextWindow)),
                ("pricing", Value.FromDict(ProviderCatalog.PricingDict(m)))))))
            .With("qc_defaults", Value.FromDict(qc));
    }
}
