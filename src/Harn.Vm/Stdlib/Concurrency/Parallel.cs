using System.Globalization;
using Harn.Runtime;
using static Harn.Stdlib.Concurrency.ConcurrencyHelpers;

namespace Harn.Stdlib.Concurrency;

/// <summary>
/// The parallel family (<c>__parallel</c>, compiled from <c>parallel</c> expressions) and
/// <c>parallel_race</c>. Children are tasks on the same driver; results come back in input
/// order and each child's output is appended in input order once all have finished.
/// </summary>
internal static class Parallel
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("__parallel", Run);
        registry.Register("parallel_race", Race);
    }

    private static Value Run(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var mode = Args.At(args, 0).AsString;
        var options = Args.At(args, 1);
        var operand = Args.At(args, 2);
        var body = Args.At(args, 3);
        Value[]? inputs = mode == "count"
            ? operand.Kind == ValueKind.Int ? Enumerable.Range(0, (int)Math.Clamp(operand.AsInt, 0, int.MaxValue)).Select(i => Value.FromInt(i)).ToArray() : null
            : operand.Kind == ValueKind.List ? operand.AsList.ToArray() : null;
        if (inputs is null || body.Kind != ValueKind.Closure)
        {
            return Value.Nil;
        }

        var vm = VmOf(context, "parallel");
        var cap = Option(options, "max_concurrent") is { Kind: ValueKind.Int } limit ? (int)Math.Clamp(limit.AsInt, int.MinValue, int.MaxValue) : 0;
        var (taskName, groupKind) = mode switch
        {
            "count" => ("parallel", "parallel"),
            "each" => ("parallel each", "parallel_each"),
            "stream" => ("parallel each", "parallel_each_stream"),
            _ => ("parallel settle", "parallel_settle"),
        };
        var parent = vm.Scheduler.Current;
        var groupId = string.Create(CultureInfo.InvariantCulture, $"{parent?.TaskId ?? "root"}:{groupKind}:{parent?.SpawnCount ?? 0}");
        var group = new ParallelGroup(vm, inputs, body, cap, taskName, groupId);
        group.Start();
        if (mode == "stream")
        {
            return Value.FromObject(ValueKind.Stream, new ParallelStream(vm, group));
        }

        var settle = mode == "settle";
        var wait = new VmWait(() => group.AllDone ? (true, settle ? Settled(vm, group) : Gathered(vm, group)) : (false, default), [group.Changed]);
        return wait.NowOrPending();
    }

    /// <summary>Results in input order; the first failure (in input order) is raised after the output before it is appended.</summary>
    private static Value Gathered(Vm vm, ParallelGroup group)
    {
        var results = new Value[group.Tasks.Length];
        for (var i = 0; i < results.Length; i++)
        {
            var task = group.Tasks[i]!;
            results[i] = Tasks.Collect(vm, task);
        }

        return Value.FromList(new HarnList(results));
    }

    private static Value Settled(Vm vm, ParallelGroup group)
    {
        var results = new Value[group.Tasks.Length];
        var failed = 0;
        for (var i = 0; i < results.Length; i++)
        {
            var task = group.Tasks[i]!;
            vm.AppendOutput(task);
            results[i] = Tasks.Outcome(task);
            if (task.Error is not null)
            {
                failed++;
            }
        }

        return Dict(
            ("failed", Value.FromInt(failed)),
            ("results", Value.FromList(new HarnList(results))),
            ("succeeded", Value.FromInt(results.Length - failed)));
    }

    /// <summary>
    /// <c>parallel_race(items, callable, options?)</c>: the first plain value or <c>Result.Ok</c>
    /// payload wins and the other tasks are aborted; if every task fails, an aggregate error.
    /// </summary>
    private static Value Race(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var items = Args.List(args, 0, "parallel_race").ToArray();
        var callable = Args.Callable(args, 1, "parallel_race");
        var vm = VmOf(context, "parallel_race");
        var cap = Option(Args.At(args, 2), "max_concurrent") is { Kind: ValueKind.Int } limit ? (int)limit.AsInt : 0;
        var parent = vm.Scheduler.Current;
        var group = new ParallelGroup(vm, items, callable, cap, "parallel_race", $"{parent?.TaskId ?? "root"}:parallel_race:{parent?.SpawnCount ?? 0}");
        group.Start();
        var failures = new List<string>();
        var wait = new VmWait(() => Winner(vm, group, failures), [group.Changed], onAbandon: group.Stop);
        return wait.NowOrPending();
    }

    private static (bool Done, Value Result) Winner(Vm vm, ParallelGroup group, List<string> failures)
    {
        while (group.Finished.TryDequeue(out var index))
        {
            var task = group.Tasks[index]!;
            task.Awaited = true;
            if (task.Error is { } error)
            {
                failures.Add(error.Message);
                continue;
            }

            if (HarnEnumVariant.IsResult(task.Result, "Err"))
            {
                failures.Add(ValueFormatter.Display(task.Result.As<HarnEnumVariant>().FirstField));
                continue;
            }

            group.Stop();
            vm.AppendOutput(task);
            var value = HarnEnumVariant.IsResult(task.Result, "Ok") ? task.Result.As<HarnEnumVariant>().FirstField : task.Result;
            return (true, value);
        }

        if (group.AllDone)
        {
            throw HarnRuntimeException.Throw(Value.FromString("parallel_race: all tasks failed: " + string.Join("; ", failures)));
        }

        return (false, default);
    }
}
