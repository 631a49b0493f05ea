using Harn.Runtime;
using Harn.Stdlib.Templates;

namespace Harn.Stdlib;

/// <summary>Registers every core builtin into a registry.</summary>
public static class StandardLibrary
{
    public static void Register(BuiltinRegistry registry)
    {
        Output.Register(registry);
        Core.Register(registry);
        Errors.Register(registry);
        Strings.Register(registry);
        Collections.Register(registry);
        Sets.Register(registry);
        MathBuiltins.Register(registry);
        Json.Register(registry);
        Schemas.Register(registry);
        Regexes.Register(registry);
        Encodings.Register(registry);
        Csv.Register(registry);
        Styling.Register(registry);
        Observability.Register(registry);
        RuntimePaths.Register(registry);
        TemplateBuiltins.Register(registry);
        Host.HostLibrary.Register(registry);
        Concurrency.ConcurrencyLibrary.Register(registry);
        Lifecycle.Register(registry);
        Agents.AgentsLibrary.Register(registry);
        Llm.LlmLibrary.Register(registry);
        foreach (var (name, value) in MathBuiltins.Constants)
        {
            registry.RegisterGlobal(name, value);
        }
    }
}
