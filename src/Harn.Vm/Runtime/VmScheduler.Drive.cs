using System.Runtime.ExceptionServices;

namespace Harn.Runtime;

/// <summary>
/// The drive loop and the driver threads. A task that must wait inside a nested call (a builtin
/// calling back into Harn) keeps that call's C# stack, so its thread blocks and hands the baton
/// to another driver thread; when the task is woken, whichever thread drives hands the baton
/// back to it. Waits in place therefore never stack on top of each other, and two tasks waiting
/// inside callbacks on each other cannot deadlock. Normal waits never involve a thread switch.
/// </summary>
internal sealed partial class VmScheduler
{
    /// <summary>Helper threads a run may start; past this, a wait in place drives the other tasks nested on its own stack.</summary>
    private const int MaxDriverThreads = 64;

    /// <summary>Stack of a helper thread: as deep as the threads the hosts run the VM on, so nested calls reach the same depth there.</summary>
    private const int DriverStackBytes = 16 * 1024 * 1024;

    private readonly List<VmDriverThread> _helpers = new();
    private readonly List<VmDriverThread> _idle = new();
    private VmDriverThread? _runThread;
    private VmDriverThread? _active;
    private Func<bool>? _runUntil;
    private ExceptionDispatchInfo? _fault;

    /// <summary>Runs tasks on the calling thread (the run's own) until <paramref name="until"/> holds; blocks while every task waits.</summary>
    public void Drive(Func<bool> until)
    {
        var self = RunThread();
        var previous = _runUntil;
        _runUntil = until;
        try
        {
            Loop(until, self);
        }
        finally
        {
            _runUntil = previous;
        }
    }

    /// <summary>Runs other tasks on the current thread's stack until <paramref name="until"/> holds (when no driver thread is left).</summary>
    internal void DriveNested(Func<bool> until)
    {
        var self = _active ?? RunThread();
        var outer = self.NestedUntil;
        self.NestedUntil = until;
        try
        {
            Loop(until, self);
        }
        finally
        {
            self.NestedUntil = outer;
        }
    }

    /// <summary>
    /// Parks <paramref name="task"/> on <paramref name="suspension"/> and blocks this thread, the
    /// stack of its nested call intact, while another driver thread runs the rest; returns once
    /// the task has been woken and handed the baton back. False when no driver thread is available.
    /// </summary>
    internal bool BlockInPlace(VmTask task, VmSuspension suspension, Fiber deadlineFiber)
    {
        var self = _active;
        if (self is null || _disposed)
        {
            return false;
        }

        var driver = TakeIdleDriver() ?? StartDriverThread();
        if (driver is null)
        {
            return false;
        }

        task.InPlace = self;
        self.WaitingFor = task;
        Park(task, suspension, deadlineFiber);
        try
        {
            Handoff(self, driver);
        }
        finally
        {
            self.WaitingFor = null;
            task.InPlace = null;
            task.State = VmTaskState.Running;
            task.Suspension = null;
            suspension.Unpark(task);
        }

        if (self.ExitRequested)
        {
            // Only when the run ended without resuming this task: unwind without running any more Harn code.
            throw new DriverExit();
        }

        ThrowIfFaulted(self);
        return true;
    }

    private VmDriverThread RunThread()
    {
        _runThread ??= new VmDriverThread(null);
        _active ??= _runThread;
        return _runThread;
    }

    private void Loop(Func<bool> until, VmDriverThread self)
    {
        while (!until())
        {
            ThrowIfFaulted(self);
            if (self != _runThread && _runUntil is { } runUntil && runUntil() && ResumeRunThread(self))
            {
                continue;
            }

            _signal.Reset();
            while (_inbox.TryDequeue(out var action))
            {
                action();
            }

            if (_vm.HostCancelRequested)
            {
                CancelAllForHost();
            }

            Interrupts.DeliverRaised();
            FireDueTimers();
            if (until())
            {
                return;
            }

            if (_idle.Count > 0 && ResumeNestedDriver(self))
            {
                continue;
            }

            if (_ready.TryDequeue(out var task))
            {
                if (task.InPlace is { } owner)
                {
                    TransferTo(owner, self);
                }
                else
                {
                    _vm.RunSlice(task);
                }

                continue;
            }

            var wait = Timeout.Infinite;
            if (_timers.TryPeek(out _, out var next))
            {
                wait = (int)Math.Clamp(next.DueMs - Now, 0, int.MaxValue - 1);
            }
            else if (ExternalInFlight == 0 && !_vm.CanBeCancelled && _inbox.IsEmpty)
            {
                throw RuntimeErrors.Runtime("deadlock: every task is waiting and nothing can wake them");
            }

            if (wait != 0)
            {
                _signal.Wait(wait);
            }
        }
    }

    /// <summary>
    /// The run's own thread is done waiting: hand it the baton when it is idle, or abort the task
    /// blocked on its stack so that it unwinds. Returns true when the baton moved.
    /// </summary>
    private bool ResumeRunThread(VmDriverThread self)
    {
        var run = _runThread!;
        if (run.WaitingFor is { } blocked)
        {
            Abort(blocked);
            return false;
        }

        if (!run.Idle)
        {
            return false;
        }

        _idle.Remove(run);
        TransferTo(run, self);
        return true;
    }

    /// <summary>Hands the baton to an idle thread whose nested drive loop is done waiting, so it can return to its task.</summary>
    private bool ResumeNestedDriver(VmDriverThread self)
    {
        foreach (var idle in _idle)
        {
            if (idle != self && idle.NestedUntil is { } until && until())
            {
                _idle.Remove(idle);
                TransferTo(idle, self);
                return true;
            }
        }

        return false;
    }

    /// <summary>Hands the baton to <paramref name="target"/> and waits, idle, until some thread hands it back.</summary>
    private void TransferTo(VmDriverThread target, VmDriverThread self)
    {
        self.Idle = true;
        _idle.Add(self);
        Handoff(self, target);
        self.Idle = false;
        _idle.Remove(self);
        if (self.ExitRequested)
        {
            throw new DriverExit();
        }
    }

    private void Handoff(VmDriverThread self, VmDriverThread target)
    {
        self.Saved = _vm.SaveThreadContext();
        target.Idle = false;
        _active = target;
        target.Go.Release();
        self.Go.Wait();
        _vm.RestoreThreadContext(self.Saved);
    }

    private VmDriverThread? TakeIdleDriver()
    {
        if (_idle.Count == 0)
        {
            return null;
        }

        var driver = _idle[^1];
        _idle.RemoveAt(_idle.Count - 1);
        return driver;
    }

    private VmDriverThread? StartDriverThread()
    {
        if (_helpers.Count >= MaxDriverThreads)
        {
            return null;
        }

        var driver = new VmDriverThread(null) { Saved = _vm.FreshThreadContext() };
        driver.Thread = new Thread(() => RunDriverThread(driver), DriverStackBytes) { IsBackground = true, Name = "Harn VM driver" };
        _helpers.Add(driver);
        driver.Thread.Start();
        return driver;
    }

    private void RunDriverThread(VmDriverThread self)
    {
        try
        {
            self.Go.Wait();
            _vm.RestoreThreadContext(self.Saved);
            if (!self.ExitRequested)
            {
                Loop(() => self.ExitRequested, self);
            }
        }
        catch (DriverExit)
        {
            // The run is over.
        }
        catch (Exception error)
        {
            // Raised on the run's own thread instead: nothing may escape a helper thread.
            _fault = ExceptionDispatchInfo.Capture(error);
            var run = _runThread!;
            _idle.Remove(run);
            run.Idle = false;
            _active = run;
            run.Go.Release();
        }
    }

    private void ThrowIfFaulted(VmDriverThread self)
    {
        if (self == _runThread && _fault is { } fault)
        {
            _fault = null;
            fault.Throw();
        }
    }

    /// <summary>
    /// At the end of the run (tasks already aborted): lets the tasks blocked inside nested calls on
    /// helper threads unwind there, then ends every helper thread and waits for it.
    /// </summary>
    private void UnwindDriverThreads()
    {
        if (_helpers.Count == 0)
        {
            return;
        }

        if (_active == _runThread)
        {
            try
            {
                Drive(() => !_helpers.Exists(helper => helper.WaitingFor is not null && helper.Thread is { IsAlive: true }));
            }
            catch (HarnRuntimeException)
            {
                // The run already has its outcome; a task failing on its way out changes nothing.
            }
        }

        foreach (var helper in _helpers)
        {
            helper.ExitRequested = true;
            helper.Go.Release();
        }

        foreach (var helper in _helpers)
        {
            helper.Thread?.Join();
            helper.Go.Dispose();
        }

        _idle.Clear();
    }

    /// <summary>Unwinds an idle helper thread's drive loop when the run ends.</summary>
    private sealed class DriverExit : Exception
    {
    }
}
