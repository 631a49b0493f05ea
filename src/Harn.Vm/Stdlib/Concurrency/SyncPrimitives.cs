using Harn.Runtime;
using static Harn.Stdlib.Concurrency.ConcurrencyHelpers;

namespace Harn.Stdlib.Concurrency;

/// <summary>
/// Named process-local synchronization: <c>sync_mutex_acquire</c>, <c>sync_semaphore_acquire</c>,
/// <c>sync_gate_acquire</c>, <c>sync_rwlock_acquire</c>, <c>sync_release</c>, <c>sync_metrics</c>,
/// and <c>__mutex_enter</c> behind <c>mutex { }</c>. Timeouts answer nil; cancellation raises.
/// </summary>
internal static class SyncPrimitives
{
    private const string DefaultKey = "__default__";

    private static readonly RunLocal<Dictionary<(string Kind, string Key), SyncPrimitive>> Registries = new(() => new());

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("sync_mutex_acquire", (context, args) =>
            Primitive(context, "mutex", KeyOr(args, 0), 1).Acquire(1, exclusive: true, Timeout(args, 1)));
        registry.Register("__mutex_enter", (context, _) => Primitive(context, "mutex", DefaultKey, 1).Acquire(1, exclusive: true, -1));
        registry.Register("sync_semaphore_acquire", (context, args) =>
        {
            var capacity = (int)Math.Clamp(Args.Int(args, 1, "sync_semaphore_acquire"), 1, int.MaxValue);
            var permits = Args.At(args, 2).Kind == ValueKind.Int ? (int)Math.Clamp(Args.At(args, 2).AsInt, 1, capacity) : 1;
            return Primitive(context, "semaphore", KeyOr(args, 0), capacity).Acquire(permits, exclusive: false, Timeout(args, 3));
        });
        registry.Register("sync_gate_acquire", (context, args) =>
        {
            var limit = (int)Math.Clamp(Args.Int(args, 1, "sync_gate_acquire"), 1, int.MaxValue);
            return Primitive(context, "gate", KeyOr(args, 0), limit).Acquire(1, exclusive: false, Timeout(args, 2));
        });
        registry.Register("sync_rwlock_acquire", (context, args) =>
        {
            var mode = Args.OptionalString(args, 1, "sync_rwlock_acquire", "read");
            if (mode is not ("read" or "write"))
            {
                throw RuntimeErrors.Runtime($"sync_rwlock_acquire: mode must be \"read\" or \"write\", got \"{mode}\"");
            }

            return Primitive(context, "rwlock", KeyOr(args, 0), 1).Acquire(1, exclusive: mode == "write", Timeout(args, 2));
        });
        registry.Register("sync_release", (_, args) => Value.FromBool(Args.At(args, 0).Ref is SyncPermit permit && permit.Primitive.Release(permit)));
        registry.Register("sync_metrics", Metrics);
    }

    private static string KeyOr(ReadOnlySpan<Value> args, int index) =>
        Args.At(args, index).Kind == ValueKind.String ? Args.At(args, index).AsString : DefaultKey;

    private static long Timeout(ReadOnlySpan<Value> args, int index) => Milliseconds(Args.At(args, index), -1);

    private static SyncPrimitive Primitive(BuiltinContext context, string kind, string key, int capacity)
    {
        var registry = Registries.Get(context);
        if (!registry.TryGetValue((kind, key), out var primitive))
        {
            primitive = new SyncPrimitive(kind, key, capacity);
            registry[(kind, key)] = primitive;
        }

        return primitive;
    }

    private static Value Metrics(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var kind = Args.At(args, 0).Kind == ValueKind.String ? Args.At(args, 0).AsString : null;
        var key = Args.At(args, 1).Kind == ValueKind.String ? Args.At(args, 1).AsString : null;
        var registry = Registries.Get(context);
        if (kind is not null && key is not null)
        {
            return registry.TryGetValue((kind, key), out var primitive) ? primitive.Metrics() : Value.Nil;
        }

        return List(registry.Values
            .Where(p => (kind is null || p.Kind == kind) && (key is null || p.Key == key))
            .OrderBy(p => p.Kind, StringComparer.Ordinal).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Metrics()));
    }
}
