using Harn.Runtime;

namespace Harn.Stdlib.Concurrency;

/// <summary>Small shared pieces of the concurrency builtins: reaching the VM, durations, dict building.</summary>
internal static class ConcurrencyHelpers
{
    /// <summary>The VM running the calling builtin.</summary>
    public static Vm VmOf(BuiltinContext context, string function) =>
        context is VmContext vmContext ? vmContext.Vm : throw RuntimeErrors.Runtime($"{function}: requires a running Harn VM");

    public static VmScheduler SchedulerOf(BuiltinContext context, string function) => VmOf(context, function).Scheduler;

    /// <summary>The current task, or null outside a run.</summary>
    public static VmTask? CurrentTask(BuiltinContext context) => (context as VmContext)?.Vm.Scheduler.Current;

    /// <summary>Milliseconds from an int, float or duration; <paramref name="fallback"/> for nil or anything else.</summary>
    public static long Milliseconds(Value value, long fallback) => value.Kind switch
    {
        ValueKind.Int => value.AsInt,
        ValueKind.Duration => value.AsDurationMs,
        ValueKind.Float => (long)value.AsFloat,
        _ => fallback,
    };

    /// <summary>The monotonic time <paramref name="milliseconds"/> from now; never for a negative timeout.</summary>
    public static long DueIn(long milliseconds) => milliseconds < 0 ? long.MaxValue : VmScheduler.Now + milliseconds;

    public static Value Dict(params (string Key, Value Value)[] entries) =>
        Value.FromDict(HarnDict.FromEntries(entries.Select(e => new KeyValuePair<string, Value>(e.Key, e.Value))));

    public static Value Str(string? text) => text is null ? Value.Nil : Value.FromString(text);

    public static Value List(IEnumerable<Value> items) => Value.FromList(HarnList.Create(items));

    /// <summary>An optional string or int option of a dict.</summary>
    public static Value Option(Value options, string key) =>
        options.Kind == ValueKind.Dict && options.AsDict.TryGetValue(key, out var value) ? value : Value.Nil;
}
