using System.Collections.Concurrent;
using Harn.Hosting;
using Harn.Stdlib.Concurrency;

namespace Harn.Runtime;

/// <summary>
/// The interrupt handlers of one run (<c>on_interrupt</c>) and the delivery of signals to them.
/// A signal may arrive from any thread; it is delivered on the VM's thread at the next safe
/// point. Matching handlers run newest first, one after another, each as its own task that
/// shares the variables it captured with the script and prints straight to the host. A signal
/// no handler matches, a handler that fails and a handler that outlives its graceful timeout
/// raise an error in the root task.
/// </summary>
internal sealed class VmInterrupts
{
    /// <summary>How long a handler may run when it names no <c>graceful_timeout_ms</c>.</summary>
    public const long DefaultGracefulTimeoutMs = 5000;

    internal const string HandlerTimeoutMessage = "kind:interrupted:handler_timeout";

    private readonly Vm _vm;
    private readonly VmScheduler _scheduler;
    private readonly ConcurrentQueue<string> _raised = new();
    private readonly List<InterruptHandler> _handlers = new();
    private readonly List<VmTask> _handlerTasks = new();
    private long _nextHandle = 1;

    public VmInterrupts(Vm vm, VmScheduler scheduler)
    {
        _vm = vm;
        _scheduler = scheduler;
    }

    /// <summary>The signal delivered most recently, or null when none has been.</summary>
    public string? LastSignal { get; private set; }

    /// <summary>Connects a host's interrupt source for the length of a run.</summary>
    public IDisposable Connect(HarnInterruptSource? source)
    {
        if (source is null)
        {
            return NoConnection.Instance;
        }

        Action<string> listener = Raise;
        source.Attach(listener);
        return new Connection(source, listener);
    }

    /// <summary>Queues <paramref name="signal"/> for delivery; callable from any thread.</summary>
    public void Raise(string signal)
    {
        _raised.Enqueue(signal);
        _vm.RequestYield();
        _scheduler.Rouse();
    }

    public InterruptHandler Register(Value callable, IReadOnlyList<string>? signals, bool once, long gracefulTimeoutMs)
    {
        var handler = new InterruptHandler(_nextHandle++, callable, signals, once, gracefulTimeoutMs);
        _handlers.Add(handler);
        return handler;
    }

    public bool Unregister(long handle) => _handlers.RemoveAll(h => h.Handle == handle) > 0;

    /// <summary>
    /// At a safe point of <paramref name="current"/>: delivers the signals raised since the last
    /// poll, then raises the error waiting for <paramref name="current"/>, if any.
    /// </summary>
    public void Poll(VmTask? current)
    {
        DeliverRaised();
        if (current?.InjectedError is { } injected)
        {
            current.InjectedError = null;
            throw injected;
        }
    }

    /// <summary>
    /// Called by the root task as it finishes: delivers the signals still queued and waits in
    /// place for the handlers they started (each bounded by its graceful timeout), so a stop that
    /// arrives while the run is finishing (a host pulling a generator result) still runs them.
    /// </summary>
    public void SettleBeforeEnd()
    {
        DeliverRaised();
        _handlerTasks.RemoveAll(task => task.State == VmTaskState.Done);
        while (_handlerTasks.Find(task => task.State != VmTaskState.Done) is { } running)
        {
            _vm.WaitInPlace(new VmWait(() => running.State == VmTaskState.Done ? (true, Value.Nil) : (false, default), [running.Completed]));
        }
    }

    /// <summary>Delivers the signals raised since the last call (on the VM's thread).</summary>
    public void DeliverRaised()
    {
        while (_raised.TryDequeue(out var signal))
        {
            Deliver(signal);
        }
    }

    /// <summary>
    /// The host cancelled without a signal: runs the handlers registered for any cancellation,
    /// then calls <paramref name="then"/>. Returns false (and does nothing) when there are none.
    /// Handlers that only listen for named signals are reported on stderr as not run.
    /// </summary>
    public bool RunForCancellation(Action then)
    {
        foreach (var skipped in _handlers.Where(h => h.Signals is not null))
        {
            _vm.Write(OutputChannel.Stderr, $"[harn] on_interrupt handler {skipped.Handle} registered for {string.Join(", ", skipped.Signals!)} did not run: the run was cancelled without a signal\n");
        }

        var matching = Take(h => h.Signals is null);
        if (matching.Count == 0)
        {
            return false;
        }

        RunNext(matching, Event(null, "cancelled"), cancelling: true, then);
        return true;
    }

    /// <summary>Makes <paramref name="task"/> raise <paramref name="error"/> at its next safe point or wait.</summary>
    public void Inject(VmTask task, HarnRuntimeException error)
    {
        if (task.State == VmTaskState.Done)
        {
            return;
        }

        task.InjectedError ??= error;
        _vm.RaiseTrap();
        if (task.Suspension is not null || task.WaitingInPlace)
        {
            _scheduler.Wake(task);
        }
    }

    private void Deliver(string signal)
    {
        LastSignal = signal;
        if (_scheduler.Root is not { State: not VmTaskState.Done } root)
        {
            return;
        }

        var matching = Take(h => h.Signals is null || h.Signals.Contains(signal));
        if (matching.Count == 0)
        {
            Inject(root, HarnRuntimeException.Throw(Value.FromString($"kind:interrupted:{signal}")));
            return;
        }

        RunNext(matching, Event(signal, "signal"), cancelling: false, then: null);
    }

    /// <summary>The matching handlers, newest first; the <c>once</c> ones are unregistered.</summary>
    private Queue<InterruptHandler> Take(Func<InterruptHandler, bool> matches)
    {
        var matching = new Queue<InterruptHandler>();
        for (var i = _handlers.Count - 1; i >= 0; i--)
        {
            if (matches(_handlers[i]))
            {
                matching.Enqueue(_handlers[i]);
            }
        }

        _handlers.RemoveAll(h => h.Once && matching.Contains(h));
        return matching;
    }

    private void RunNext(Queue<InterruptHandler> remaining, Value interruptEvent, bool cancelling, Action? then)
    {
        var root = _scheduler.Root;
        if (remaining.Count == 0 || root is null || root.State == VmTaskState.Done)
        {
            then?.Invoke();
            return;
        }

        var handler = remaining.Dequeue();
        VmTask task;
        try
        {
            task = _vm.StartTask(handler.Callable, [interruptEvent], "interrupt", null, null, copyCaptures: false);
        }
        catch (HarnRuntimeException error)
        {
            Fail(root, error, cancelling, then);
            return;
        }

        task.Output = null;
        _handlerTasks.Add(task);
        var timedOut = false;
        _scheduler.At(VmScheduler.Now + handler.GracefulTimeoutMs, () =>
        {
            if (task.State != VmTaskState.Done)
            {
                timedOut = true;
                _scheduler.Abort(task);
            }
        });
        task.OnDone = finished =>
        {
            if (timedOut)
            {
                Fail(root, HarnRuntimeException.Throw(Value.FromString(HandlerTimeoutMessage)), cancelling, then);
            }
            else if (finished.Error is { } error && !finished.Aborted)
            {
                Fail(root, error, cancelling, then);
            }
            else
            {
                RunNext(remaining, interruptEvent, cancelling, then);
            }
        };
    }

    /// <summary>A handler failed: the rest are skipped. During a cancellation the run ends as cancelled anyway.</summary>
    private void Fail(VmTask root, HarnRuntimeException error, bool cancelling, Action? then)
    {
        if (!cancelling)
        {
            Inject(root, error);
        }

        then?.Invoke();
    }

    private static Value Event(string? signal, string reason) => Value.FromDict(HarnDict.FromEntries(
    [
        new KeyValuePair<string, Value>("signal", signal is null ? Value.Nil : Value.FromString(signal)),
        new KeyValuePair<string, Value>("reason", Value.FromString(reason)),
    ]));

    private sealed class Connection(HarnInterruptSource source, Action<string> listener) : IDisposable
    {
        public void Dispose() => source.Detach(listener);
    }

    private sealed class NoConnection : IDisposable
    {
        public static readonly NoConnection Instance = new();

        public void Dispose()
        {
        }
    }
}

/// <summary>One <c>on_interrupt</c> registration; <see cref="Signals"/> is null for "any cancellation".</summary>
internal sealed record InterruptHandler(long Handle, Value Callable, IReadOnlyList<string>? Signals, bool Once, long GracefulTimeoutMs);
