using Harn.Runtime;
using Harn.Stdlib.Templates;

namespace Harn.Stdlib;

/// <summary>Registers every core builtin into a registry.</summary>
public static class StandardLibrary
{
    private static readonly Lazy<BuiltinRegistry> Shared = new(() =>
    {
        var registry = new BuiltinRegistry();
        Register(registry);
        registry.Freeze();
        return registry;
    });

    /// <summary>
    /// The standard library, registered once per process and frozen: a run starts from its
    /// <see cref="BuiltinRegistry.Copy"/>, and its builtins find the run's own registry through
    /// <see cref="RunBuiltins"/>, so what one run changes (sandbox, host builtins, mocks) no other run sees.
    /// </summary>
    public static BuiltinRegistry Base => Shared.Value;

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
        Toml.Register(registry);
        Styling.Register(registry);
        Observability.Register(registry);
        RuntimePaths.Register(registry);
        TemplateBuiltins.Register(registry);
        Host.HostLibrary.Register(registry);
        Concurrency.ConcurrencyLibrary.Register(registry);
        Lifecycle.Register(registry);
        Agents.AgentsLibrary.Register(registry);
        Llm.LlmLibrary.Register(registry);
        Orchestration.OrchestrationLibrary.Register(registry);
        Skills.SkillBuiltins.Register(registry);
        Workflows.WorkflowsLibrary.Register(registry);
        Mcp.McpLibrary.Register(registry);
        Daemons.DaemonBuiltins.Register(registry);
        foreach (var (name, value) in MathBuiltins.Constants)
        {
            registry.RegisterGlobal(name, value);
        }
    }
}
