using System.Collections.Concurrent;
using System.Diagnostics;

namespace Harn.Runtime;

/// <summary>
/// The driver of one run: a ready queue of tasks, timers, and an inbox for completions that
/// arrive from other threads (host I/O, cancellation). Everything else happens on the thread
/// that runs the VM, one task at a time, like upstream's single-threaded async runtime.
/// </summary>
internal sealed partial class VmScheduler : IDisposable
{
    /// <summary>Time slice a busy task gets while others are ready.</summary>
    private const int SliceMs = 10;

    private readonly Vm _vm;
    private readonly Queue<VmTask> _ready = new();
    private readonly PriorityQueue<Action, (long DueMs, long Sequence)> _timers = new();
    private readonly ConcurrentQueue<Action> _inbox = new();
    private readonly ManualResetEventSlim _signal = new(false);
    private readonly HashSet<VmTask> _live = new();
    private long _nextTaskId;
    private long _timerSequence;
    private Timer? _sliceTimer;
    private bool _hostCancelSeen;
    private volatile bool _disposed;

    public VmScheduler(Vm vm)
    {
        _vm = vm;
        Interrupts = new VmInterrupts(vm, this);
    }

    /// <summary>The run's interrupt handlers and the signals waiting for delivery.</summary>
    public VmInterrupts Interrupts { get; }

    /// <summary>The first task started without a parent: the run itself.</summary>
    public VmTask? Root { get; private set; }

    /// <summary>The task whose code runs now.</summary>
    public VmTask? Current { get; set; }

    /// <summary>Host operations (I/O) still in flight; while any is, an idle driver waits for it.</summary>
    public int ExternalInFlight { get; set; }

    /// <summary>Tasks not yet done (the root included).</summary>
    public IReadOnlyCollection<VmTask> Live => _live;

    /// <summary>Nothing left behind: no live tasks, queued work, timers or slice timer (checked after a run ends).</summary>
    internal bool IsIdle => _live.Count == 0 && _ready.Count == 0 && _timers.Count == 0 && _inbox.IsEmpty && _sliceTimer is null && ExternalInFlight == 0
        && _helpers.TrueForAll(helper => helper.Thread is not { IsAlive: true });

    /// <summary>Monotonic milliseconds from the high-resolution clock (the tick count is too coarse for short sleeps).</summary>
    public static long Now => (long)(Stopwatch.GetTimestamp() * TicksToMs);

    private static readonly double TicksToMs = 1000.0 / Stopwatch.Frequency;

    /// <summary>Creates a task for <paramref name="fiber"/> (its body frame already pushed) and queues it.</summary>
    public VmTask Start(Fiber fiber, VmTask? parent, string name, string? groupId)
    {
        var task = new VmTask(_nextTaskId++, fiber, parent, name, groupId);
        Root ??= task;
        _live.Add(task);
        if (parent is not null)
        {
            task.SpawnSequence = parent.SpawnCount++;
            parent.Children.Add(task);
        }

        Enqueue(task);
        if (_live.Count > 1 && _sliceTimer is null && !_disposed)
        {
            _sliceTimer = new Timer(static state => ((VmScheduler)state!).OnSliceTick(), this, SliceMs, SliceMs);
        }

        return task;
    }

    public void Enqueue(VmTask task)
    {
        task.State = VmTaskState.Ready;
        _ready.Enqueue(task);
    }

    /// <summary>Makes a waiting task runnable (it re-checks its wait when it runs).</summary>
    public void Wake(VmTask task)
    {
        if (task.State == VmTaskState.Waiting)
        {
            Enqueue(task);
        }
        else if (task.WaitingInPlace)
        {
            task.Woken = true;
        }
    }

    /// <summary>Parks <paramref name="task"/> on <paramref name="suspension"/> until it is woken or a time limit passes.</summary>
    public void Park(VmTask task, VmSuspension suspension, Fiber fiber)
    {
        task.State = VmTaskState.Waiting;
        task.Suspension = suspension;
        suspension.Park(this, task);
        ArmWake(task, suspension, fiber);
    }

    /// <summary>Wakes the task when its wait times out, a deadline of its fiber passes, or its cancellation grace ends.</summary>
    public void ArmWake(VmTask task, VmSuspension suspension, Fiber fiber)
    {
        var generation = ++task.WaitGeneration;
        var due = suspension.DueMs;
        foreach (var deadline in fiber.Deadlines)
        {
            due = Math.Min(due, deadline.ExpiresAtMs);
        }

        if (task.CancelRequested)
        {
            due = Math.Min(due, suspension.EndsOnCancel ? Now : task.CancelRequestedAtMs + Vm.CancelGraceAsyncMs);
        }

        if (due != long.MaxValue)
        {
            At(due, () =>
            {
                if (task.WaitGeneration == generation)
                {
                    Wake(task);
                }
            });
        }
    }

    /// <summary>Runs <paramref name="action"/> on the driver once <paramref name="dueMs"/> has passed.</summary>
    public void At(long dueMs, Action action) => _timers.Enqueue(action, (dueMs, _timerSequence++));

    /// <summary>Hands work to the driver from any thread.</summary>
    public void Post(Action action)
    {
        _inbox.Enqueue(action);
        Rouse();
    }

    /// <summary>Rouses an idle driver (a completion arrived, the host cancelled); a no-op once the run has ended.</summary>
    public void Rouse()
    {
        try
        {
            _signal.Set();
        }
        catch (ObjectDisposedException)
        {
            // The run is over; there is nothing left to wake.
        }
    }

    /// <summary>Asks a task to stop cooperatively: <c>is_cancelled()</c> turns true and its waits end.</summary>
    public void RequestCancel(VmTask task)
    {
        if (task.State == VmTaskState.Done || task.CancelRequested)
        {
            return;
        }

        task.CancelRequested = true;
        task.CancelRequestedAtMs = Now;
        _vm.RaiseTrap();
        if (task.Suspension is not null || task.WaitingInPlace)
        {
            Wake(task);
        }
    }

    /// <summary>Stops a task and its children now (<c>cancel</c>, deadlines, the end of the run). A task on the host stack is stopped at its next instruction boundary.</summary>
    public void Abort(VmTask task)
    {
        if (task.State == VmTaskState.Done || task.Aborted)
        {
            return;
        }

        task.Aborted = true;
        foreach (var child in task.Children.ToArray())
        {
            Abort(child);
        }

        if (task.State == VmTaskState.Running || task.InPlace is not null)
        {
            task.CancelRequested = true;
            task.HardStop = true;
            task.CancelGrace = 0;
            task.Woken = true;
            _vm.RaiseTrap();
            if (task.State == VmTaskState.Waiting)
            {
                // Blocked inside a nested call on another thread: it unwinds there once resumed.
                Enqueue(task);
            }

            return;
        }

        if (task.Suspension is { } suspension)
        {
            suspension.Unpark(task);
            suspension.Abandon();
            task.Suspension = null;
        }

        Finish(task, default, null);
    }

    /// <summary>Records the outcome, aborts the children it never awaited, and wakes whoever waits for it.</summary>
    public void Finish(VmTask task, Value result, HarnRuntimeException? error)
    {
        task.State = VmTaskState.Done;
        task.Result = result;
        task.Error = error;
        task.Suspension = null;
        _live.Remove(task);
        foreach (var child in task.Children.ToArray())
        {
            Abort(child);
        }

        task.Children.Clear();
        task.Parent?.Children.Remove(task);
        task.Completed.NotifyAll();
        var onDone = task.OnDone;
        task.OnDone = null;
        onDone?.Invoke(task);
    }

    /// <summary>Ends the run: aborts every task left, drops timers and stops the slice timer.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var task in _live.ToArray())
        {
            Abort(task);
            if (task.State != VmTaskState.Done && task.InPlace is null)
            {
                // Still on the host stack (the run is unwinding through it): nothing will resume it.
                task.Suspension?.Abandon();
                Finish(task, default, null);
            }
        }

        UnwindDriverThreads();
        while (_inbox.TryDequeue(out var action))
        {
            action();
        }

        _timers.Clear();
        _ready.Clear();
        _sliceTimer?.Dispose();
        _sliceTimer = null;
        _signal.Dispose();
    }

    private void CancelAllForHost()
    {
        if (_hostCancelSeen)
        {
            return;
        }

        _hostCancelSeen = true;
        if (!Interrupts.RunForCancellation(CancelLiveTasks))
        {
            CancelLiveTasks();
        }
    }

    private void CancelLiveTasks()
    {
        foreach (var task in _live.ToArray())
        {
            RequestCancel(task);
        }
    }

    /// <summary>Called by <see cref="Vm"/> when it notices the host's cancellation first.</summary>
    public void ObserveHostCancellation() => CancelAllForHost();

    private void FireDueTimers()
    {
        var now = Now;
        while (_timers.TryPeek(out var action, out var due) && due.DueMs <= now)
        {
            _timers.Dequeue();
            action();
        }
    }

    /// <remarks>
    /// Runs on a timer thread. Besides ready tasks, a sleeping task's due timer or a completed
    /// host operation only reaches the driver when the running task yields, so any other live task
    /// is reason enough to give the driver a turn.
    /// </remarks>
    private void OnSliceTick()
    {
        if (_ready.Count > 0 || _live.Count > 1 || !_inbox.IsEmpty)
        {
            _vm.RequestYield();
        }
    }
}
