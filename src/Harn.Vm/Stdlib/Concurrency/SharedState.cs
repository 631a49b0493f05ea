using Harn.Runtime;
using static Harn.Stdlib.Concurrency.ConcurrencyHelpers;

namespace Harn.Stdlib.Concurrency;

/// <summary>
/// Scoped shared cells and maps (<c>shared_cell</c>, <c>shared_map</c> and their operations):
/// the explicit way tasks share mutable state. Every write bumps a version so a compare-and-swap
/// with a snapshot detects stale reads.
/// </summary>
internal static class SharedState
{
    private static readonly RunLocal<Dictionary<string, SharedHandle>> Registries = new(() => new(StringComparer.Ordinal));

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("shared_cell", (context, args) => Open(context, args, isMap: false));
        registry.Register("shared_map", (context, args) => Open(context, args, isMap: true));
        registry.Register("shared_get", (_, args) => Handle(args, "shared_get").Read(SharedHandle.CellKey).Value);
        registry.Register("shared_snapshot", (_, args) => Handle(args, "shared_snapshot").Snapshot(SharedHandle.CellKey));
        registry.Register("shared_set", (_, args) => Handle(args, "shared_set").Write(SharedHandle.CellKey, Args.At(args, 1)));
        registry.Register("shared_cas", (_, args) => Value.FromBool(Handle(args, "shared_cas").CompareAndSwap(SharedHandle.CellKey, Args.At(args, 1), Args.At(args, 2))));
        registry.Register("shared_map_get", (_, args) =>
        {
            var (found, value) = Handle(args, "shared_map_get").Read(MapKey(args, "shared_map_get"));
            return found ? value : Args.At(args, 2);
        });
        registry.Register("shared_map_set", (_, args) => Handle(args, "shared_map_set").Write(MapKey(args, "shared_map_set"), Args.At(args, 2)));
        registry.Register("shared_map_delete", (_, args) => Handle(args, "shared_map_delete").Delete(MapKey(args, "shared_map_delete")));
        registry.Register("shared_map_entries", (_, args) => Handle(args, "shared_map_entries").Entries());
        registry.Register("shared_map_snapshot", (_, args) => Handle(args, "shared_map_snapshot").Snapshot(MapKey(args, "shared_map_snapshot")));
        registry.Register("shared_map_cas", (_, args) =>
            Value.FromBool(Handle(args, "shared_map_cas").CompareAndSwap(MapKey(args, "shared_map_cas"), Args.At(args, 2), Args.At(args, 3))));
        registry.Register("shared_metrics", (_, args) => Handle(args, "shared_metrics").Metrics());
    }

    private static string MapKey(ReadOnlySpan<Value> args, string _) => ValueAccess.DictKey(Args.At(args, 1));

    private static SharedHandle Handle(ReadOnlySpan<Value> args, string function) =>
        Args.At(args, 0).Ref as SharedHandle ?? throw RuntimeErrors.Type($"{function}: first argument must be a shared cell or map");

    private static Value Open(BuiltinContext context, ReadOnlySpan<Value> args, bool isMap)
    {
        var function = isMap ? "shared_map" : "shared_cell";
        var first = Args.At(args, 0);
        var options = first.Kind == ValueKind.Dict ? first : Value.Nil;
        var key = first.Kind == ValueKind.String ? first.AsString : Option(options, "key") is { Kind: ValueKind.String } k ? k.AsString
            : throw RuntimeErrors.Type($"{function}: expected a key or {{key, scope}} options");
        var scope = Option(options, "scope") is { Kind: ValueKind.String } s ? s.AsString : "task_group";
        var initial = options.IsNil ? Args.At(args, 1) : Option(options, "initial");
        var task = CurrentTask(context);
        var scopeId = scope switch
        {
            "task" => task?.TaskId ?? "root",
            "task_group" => task?.GroupId ?? task?.Root.TaskId ?? "root",
            "tenant" => Option(options, "tenant_id") is { Kind: ValueKind.String } tenant ? tenant.AsString : "default",
            "process" or "workflow_run" or "agent_session" => scope,
            _ => throw RuntimeErrors.Runtime($"{function}: unknown scope \"{scope}\""),
        };
        var id = $"{function}|{scope}|{scopeId}|{key}";
        var registry = Registries.Get(context);
        if (!registry.TryGetValue(id, out var handle))
        {
            handle = new SharedHandle(isMap, scope, key);
            if (isMap && initial.Kind == ValueKind.Dict)
            {
                foreach (var (entryKey, entryValue) in initial.AsDict)
                {
                    handle.Write(entryKey, entryValue);
                }
            }
            else if (!isMap)
            {
                handle.Write(SharedHandle.CellKey, initial);
            }

            handle.ResetCounters();
            registry[id] = handle;
        }

        return Value.FromHarnObject(handle);
    }
}
