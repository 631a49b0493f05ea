using System.Text;

namespace Harn.Runtime;

internal sealed partial class Vm
{
    /// <summary>
    /// Runs <paramref name="task"/> until it finishes, must wait, or gives up its slice. A task
    /// coming back from a wait first completes it: the value goes where the waiting call's
    /// result belongs, an error is raised at that call.
    /// </summary>
    internal void RunSlice(VmTask task)
    {
        if (task.State == VmTaskState.Done)
        {
            return;
        }

        var fiber = task.Fiber;
        HarnRuntimeException? resumeError = null;
        if (task.Suspension is { } suspension)
        {
            resumeError = Interruption(task, fiber, suspension);
            if (resumeError is null)
            {
                try
                {
                    if (!suspension.TryComplete(task, out var value))
                    {
                        _scheduler.Park(task, suspension, fiber);
                        return;
                    }

                    if (!suspension.RetriesInstruction)
                    {
                        fiber.Stack[fiber.StackPointer - 1] = value;
                    }
                }
                catch (HarnRuntimeException error)
                {
                    resumeError = error;
                }
            }

            suspension.Unpark(task);
            if (resumeError is not null)
            {
                suspension.Abandon();
            }

            task.Suspension = null;
        }

        var previous = _scheduler.Current;
        _scheduler.Current = task;
        task.State = VmTaskState.Running;
        if (task.CancelRequested || fiber.Deadlines.Count > 0 || task.InjectedError is not null)
        {
            _trap = true;
        }

        try
        {
            fiber.Status = FiberStatus.Ready;
            var result = Execute(fiber, 0, resumeError);
            switch (fiber.Status)
            {
                case FiberStatus.Waiting:
                    var pending = fiber.Pending!;
                    fiber.Pending = null;
                    _scheduler.Park(task, pending, fiber);
                    break;
                case FiberStatus.Yielded:
                    _scheduler.Enqueue(task);
                    break;
                default:
                    _scheduler.Finish(task, task.Parent is null && task.Name == RootTaskName ? FinishPipeline(task, result) : result, null);
                    break;
            }
        }
        catch (HarnRuntimeException error)
        {
            _scheduler.Finish(task, default, error);
        }
        finally
        {
            _scheduler.Current = previous;
        }
    }

    /// <summary>Counts waits in place that had to wait, so a caller can tell whether a pull waited for its item.</summary>
    internal long InPlaceWaits { get; private set; }

    /// <summary>
    /// Waits for <paramref name="suspension"/> where the current code stands (a builtin calling
    /// back into Harn, a generator body). The C# stack of the nested call must survive the wait,
    /// so this thread blocks and another driver thread runs the other tasks until this one is
    /// woken; only when the driver threads run out does it drive them nested on this stack.
    /// </summary>
    internal Value WaitInPlace(VmSuspension suspension)
    {
        var task = _scheduler.Current ?? throw RuntimeErrors.Runtime("cannot wait outside a running task");
        var fiber = _fiber;
        try
        {
            while (true)
            {
                var interruption = Interruption(task, fiber, suspension);
                if (interruption is null && task.Fiber != fiber)
                {
                    interruption = DeadlinePassed(task.Fiber, task);
                }

                if (interruption is not null)
                {
                    suspension.Abandon();
                    throw interruption;
                }

                if (suspension.TryComplete(task, out var value))
                {
                    return value;
                }

                InPlaceWaits++;
                var deadlineFiber = fiber.Deadlines.Count > 0 ? fiber : task.Fiber;
                if (_scheduler.BlockInPlace(task, suspension, deadlineFiber))
                {
                    continue;
                }

                task.WaitingInPlace = true;
                task.Woken = false;
                suspension.Park(_scheduler, task);
                _scheduler.ArmWake(task, suspension, deadlineFiber);
                _scheduler.DriveNested(() => task.Woken);
                task.WaitingInPlace = false;
                suspension.Unpark(task);
            }
        }
        finally
        {
            task.WaitingInPlace = false;
            task.WaitGeneration++;
            suspension.Unpark(task);

            // Other tasks ran meanwhile and may have lowered the flag this task still needs.
            if (task.CancelRequested || fiber.Deadlines.Count > 0 || task.Fiber.Deadlines.Count > 0 || task.InjectedError is not null)
            {
                _trap = true;
            }
        }
    }

    /// <summary>What a thread must get back when it resumes VM work after blocking: other threads ran VM code meanwhile.</summary>
    internal VmThreadContext SaveThreadContext() => new(_fiber, _dispatchNesting, _scheduler.Current);

    internal void RestoreThreadContext(VmThreadContext context)
    {
        _fiber = context.Fiber;
        _dispatchNesting = context.DispatchNesting;
        _scheduler.Current = context.Current;
    }

    /// <summary>The context a fresh driver thread starts from: nothing of its own on its stack yet.</summary>
    internal VmThreadContext FreshThreadContext() => new(_fiber, 0, null);

    /// <summary>Why a waiting task must stop waiting: a passed deadline, its abort, or cancellation past its grace.</summary>
    private HarnRuntimeException? Interruption(VmTask task, Fiber fiber, VmSuspension suspension)
    {
        if (task.InjectedError is { } injected)
        {
            task.InjectedError = null;
            return injected;
        }

        if (task.Aborted)
        {
            return Cancelled(task);
        }

        if (DeadlinePassed(fiber, task) is { } deadline)
        {
            return deadline;
        }

        if (task.CancelRequested && (suspension.EndsOnCancel || VmScheduler.Now >= task.CancelRequestedAtMs + CancelGraceAsyncMs))
        {
            return Cancelled(task);
        }

        return null;
    }

    /// <summary>
    /// Settles the builtin result on top of <paramref name="fiber"/>'s stack when it is a wait.
    /// Returns true when the fiber must return to the driver (its own top-level dispatch);
    /// otherwise the wait is driven in place and its value replaces the marker.
    /// </summary>
    private bool SettlePending(Fiber fiber, int stopDepth, int ip, int sp)
    {
        fiber.Frames[fiber.FrameCount - 1].Ip = ip;
        fiber.StackPointer = sp;
        var pending = (VmSuspension)fiber.Stack[sp - 1].Ref!;
        if (stopDepth == 0 && fiber.Task is not null)
        {
            fiber.Pending = pending;
            fiber.Status = FiberStatus.Waiting;
            return true;
        }

        fiber.Stack[sp - 1] = WaitInPlace(pending);
        return false;
    }

    /// <summary>Calls <paramref name="callable"/> for a builtin and waits in place for any wait it returns.</summary>
    internal Value InvokeFromHost(Value callable, ReadOnlySpan<Value> args)
    {
        var result = CallValue(callable, args);
        return result.Ref is VmSuspension pending ? WaitInPlace(pending) : result;
    }

    /// <summary>
    /// Starts <paramref name="callable"/> as a new task child of the current one. The closure
    /// gets its own copies of the variables it captured: later assignments on either side stay
    /// apart, while handles (channels, atomics) are shared. With <paramref name="copyCaptures"/>
    /// false (interrupt handlers) the closure keeps sharing them with the code that made it.
    /// </summary>
    internal VmTask StartTask(Value callable, ReadOnlySpan<Value> args, string name, string? groupId, VmTask? parent, bool copyCaptures = true)
    {
        if (callable.Kind != ValueKind.Closure)
        {
            throw RuntimeErrors.Type($"{name}: expected a closure, got {TypeNames.Of(callable)}");
        }

        var source = (Closure)callable.Ref!;
        var captures = source.Captures.Length == 0 || !copyCaptures ? source.Captures : source.Captures.Select(c => new ClosureCell(c.Value)).ToArray();
        var closure = new Closure(source.Chunk, captures, source.Module);
        var fiber = new Fiber();
        fiber.EnsureStack(0, args.Length + 1);
        fiber.Stack[0] = closure.ToValue();
        args.CopyTo(fiber.Stack.AsSpan(1));
        fiber.StackPointer = args.Length + 1;
        PushClosureFrame(fiber, closure, 1, args.Length);
        var task = _scheduler.Start(fiber, parent, name, groupId ?? parent?.GroupId);
        task.Output = new StringBuilder();
        return task;
    }

    /// <summary>Appends a finished task's buffered output to the current task's output (or the host).</summary>
    internal void AppendOutput(VmTask task)
    {
        if (task.Output is { Length: > 0 } buffer)
        {
            var text = buffer.ToString();
            buffer.Clear();
            Write(Hosting.OutputChannel.Stdout, text);
        }
    }
}
