using Harn.Runtime;
using static Harn.Stdlib.Concurrency.ConcurrencyHelpers;

namespace Harn.Stdlib.Concurrency;

/// <summary><c>spawn</c> (as <c>__spawn</c>), <c>await</c>, <c>cancel</c>, <c>cancel_graceful</c>, <c>is_cancelled</c>.</summary>
internal static class Tasks
{
    private const long DefaultGracefulTimeoutMs = 5000;

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("__spawn", Spawn);
        registry.Register("await", Await);
        registry.Register("cancel", Cancel);
        registry.Register("cancel_graceful", CancelGraceful);
        registry.Register("is_cancelled", (context, _) => Value.FromBool(IsCancelled(context)));
    }

    public static bool IsCancelled(BuiltinContext context) =>
        context.CancellationToken.IsCancellationRequested || CurrentTask(context) is { CancelRequested: true };

    private static Value Spawn(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var vm = VmOf(context, "spawn");
        return vm.StartTask(Args.At(args, 0), [], "spawn", null, vm.Scheduler.Current).ToValue();
    }

    private static Value Await(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var handle = Args.At(args, 0);
        if (handle.Ref is not VmTask task)
        {
            return handle;
        }

        var vm = VmOf(context, "await");
        if (task.Awaited)
        {
            return Value.Nil;
        }

        if (task == vm.Scheduler.Current)
        {
            throw RuntimeErrors.Runtime("Deadlock: a task cannot await itself");
        }

        var wait = new VmWait(() => task.State == VmTaskState.Done ? (true, Collect(vm, task)) : (false, default), [task.Completed]);
        return wait.NowOrPending();
    }

    /// <summary>Takes a finished task's result: its output joins the awaiting task's, its error is raised here.</summary>
    public static Value Collect(Vm vm, VmTask task)
    {
        if (task.Awaited)
        {
            return Value.Nil;
        }

        task.Awaited = true;
        vm.AppendOutput(task);
        if (task.Error is { } error && !task.Aborted)
        {
            throw error;
        }

        return task.Result;
    }

    private static Value Cancel(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        if (Args.At(args, 0).Ref is VmTask task)
        {
            SchedulerOf(context, "cancel").Abort(task);
        }

        return Value.Nil;
    }

    private static Value CancelGraceful(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        if (Args.At(args, 0).Ref is not VmTask task || task.Awaited)
        {
            return HarnEnumVariant.Ok(Value.Nil);
        }

        var scheduler = SchedulerOf(context, "cancel_graceful");
        scheduler.RequestCancel(task);
        var timeout = Milliseconds(Args.At(args, 1), DefaultGracefulTimeoutMs);
        var wait = new VmWait(
            () => task.State == VmTaskState.Done ? (true, Outcome(task)) : (false, default),
            [task.Completed],
            DueIn(timeout),
            () =>
            {
                scheduler.Abort(task);
                return HarnEnumVariant.Err(Value.FromString("cancel_graceful: timeout, task forcefully aborted"));
            });
        return wait.NowOrPending();
    }

    /// <summary><c>Result.Ok(value)</c> or <c>Result.Err("&lt;error display&gt;")</c> for a finished task.</summary>
    public static Value Outcome(VmTask task)
    {
        task.Awaited = true;
        return task.Error is { } error && !task.Aborted ? HarnEnumVariant.Err(Value.FromString(error.Message)) : HarnEnumVariant.Ok(task.Result);
    }
}
