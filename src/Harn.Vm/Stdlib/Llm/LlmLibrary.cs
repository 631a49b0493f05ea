using Harn.Runtime;

namespace Harn.Stdlib.Llm;

/// <summary>
/// The LLM builtins of one registry, bound to their per-run state. A host that installs replay
/// fixtures (<see cref="LlmMockReplay"/>) registers a second library over the first, so the
/// fixtures belong to runs of that registry only.
/// </summary>
internal sealed class LlmLibrary
{
    private readonly RunLocal<LlmRunState> _state;
    private readonly BuiltinRegistry _registry;

    private LlmLibrary(BuiltinRegistry registry, IReadOnlyList<MockEntry> fixtures)
    {
        _registry = registry;
        _state = new RunLocal<LlmRunState>(() => new LlmRunState(fixtures));
    }

    public static void Register(BuiltinRegistry registry) => Register(registry, []);

    public static void Register(BuiltinRegistry registry, IReadOnlyList<MockEntry> fixtures)
    {
        var library = new LlmLibrary(registry, fixtures);
        LlmCallBuiltins.Register(registry, library);
        MockBuiltins.Register(registry, library);
        CatalogBuiltins.Register(registry, library);
        UsageBuiltins.Register(registry, library);
        AgentLoopBuiltins.Register(registry, library);
        SubAgent.Register(registry, library);
        Workers.WorkerRegistry.Register(registry);
    }

    public LlmRunState StateOf(BuiltinContext context) => _state.Get(context);

    /// <summary>Calls another builtin of the run by name (the transcript engine, for instance) without a compile-time dependency on it.</summary>
    public Value CallBuiltin(BuiltinContext context, string name, params Value[] args) =>
        RunBuiltins.Of(context, _registry).TryGet(name, out var builtin)
            ? context.Invoke(Value.FromObject(ValueKind.Builtin, builtin), args)
            : throw RuntimeErrors.Runtime($"{name} is not available in this runtime");
}
