using Harn.Runtime;
using static Harn.Stdlib.Concurrency.ConcurrencyHelpers;

namespace Harn.Stdlib.Concurrency;

/// <summary>
/// The logical task identity (<c>runtime_context()</c>, alias <c>task_current()</c>) and
/// task-local values, which children inherit as a snapshot.
/// </summary>
internal static class RuntimeContext
{
    private static readonly string[] UnavailableFields =
    [
        "scope_id", "workflow_id", "run_id", "stage_id", "worker_id", "agent_session_id", "parent_agent_session_id",
        "root_agent_session_id", "agent_name", "trigger_id", "trigger_event_id", "binding_key", "tenant_id", "provider",
        "trace_id", "span_id", "scheduler_key", "runner", "capacity_class",
    ];

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("runtime_context", (context, _) => Describe(context));
        registry.Register("task_current", (context, _) => Describe(context));
        registry.Register("runtime_context_values", (context, _) => Value.FromDict(Values(context)));
        registry.Register("runtime_context_get", (context, args) =>
            Values(context).TryGetValue(ValueAccess.DictKey(Args.At(args, 0)), out var value) ? value : Args.At(args, 1));
        registry.Register("runtime_context_set", (context, args) => Update(context, ValueAccess.DictKey(Args.At(args, 0)), Args.At(args, 1), remove: false));
        registry.Register("runtime_context_clear", (context, args) => Update(context, ValueAccess.DictKey(Args.At(args, 0)), Value.Nil, remove: true));
    }

    private static HarnDict Values(BuiltinContext context) => CurrentTask(context)?.ContextValues ?? HarnDict.Empty;

    private static Value Update(BuiltinContext context, string key, Value value, bool remove)
    {
        var task = CurrentTask(context) ?? throw RuntimeErrors.Runtime("runtime context: no running task");
        task.ContextValues.TryGetValue(key, out var previous);
        task.ContextValues = remove ? task.ContextValues.Without(key) : task.ContextValues.With(key, value);
        return previous;
    }

    private static Value Describe(BuiltinContext context)
    {
        var task = CurrentTask(context);
        var cancelled = Value.FromBool(Tasks.IsCancelled(context));
        var entries = new List<KeyValuePair<string, Value>>
        {
            new("task_id", Str(task?.TaskId)),
            new("parent_task_id", Str(task?.Parent?.TaskId)),
            new("root_task_id", Str(task?.Root.TaskId)),
            new("task_name", Str(task?.Name)),
            new("task_group_id", Str(task?.GroupId)),
            new("context_values", Value.FromDict(Values(context))),
            new("cancelled", cancelled),
        };
        entries.AddRange(UnavailableFields.Select(f => new KeyValuePair<string, Value>(f, Value.Nil)));
        var scheduler = (context as VmContext)?.Vm.Scheduler;
        var debug = Dict(
            ("active_task_ids", List(scheduler?.Live.Where(t => t.State != VmTaskState.Done).Select(t => Value.FromString(t.TaskId)) ?? [])),
            ("cancelled", cancelled),
            ("held_synchronization", List([])),
            ("supervisors", Supervisors.All(context)),
            ("waiting_reason", Str(task?.WaitingReason)));
        entries.Add(new("debug", debug));
        return Value.FromDict(HarnDict.FromEntries(entries));
    }
}
