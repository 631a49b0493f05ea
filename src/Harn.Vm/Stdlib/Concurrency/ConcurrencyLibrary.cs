using Harn.Runtime;

namespace Harn.Stdlib.Concurrency;

/// <summary>Registers the builtins for tasks, time, channels, synchronization and shared state.</summary>
public static class ConcurrencyLibrary
{
    public static void Register(BuiltinRegistry registry)
    {
        Tasks.Register(registry);
        Parallel.Register(registry);
        Clock.Register(registry);
        Channels.Register(registry);
        Atomics.Register(registry);
        SyncPrimitives.Register(registry);
        SharedState.Register(registry);
        Mailboxes.Register(registry);
        Supervisors.Register(registry);
        CircuitBreakers.Register(registry);
        RuntimeContext.Register(registry);
        StreamOperators.Register(registry);
        Interrupts.Register(registry);
    }
}
