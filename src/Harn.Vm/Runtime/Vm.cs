using Harn.Bytecode;
using Harn.Hosting;
using Harn.Stdlib;

namespace Harn.Runtime;

/// <summary>
/// Runs one compiled program. Every piece of mutable execution state lives here (module
/// globals, impl tables, the fibers), so any number of VMs may run the same program at once.
/// </summary>
internal sealed partial class Vm
{
    /// <summary>Deadline used when a <c>deadline</c> block's duration is neither an int nor a duration.</summary>
    private const long DefaultDeadlineMs = 30_000;

    /// <summary>Instruction boundaries a cancelled task may still pass (lets <c>while !is_cancelled()</c> exit cleanly).</summary>
    private const int CancelGraceBoundaries = 1024;

    /// <summary>How long an operation in flight when cancellation arrives may still take to finish.</summary>
    internal const long CancelGraceAsyncMs = 250;

    internal const string CancelledMessage = "kind:cancelled:VM cancelled by host";

    private readonly CompiledProgram _program;
    private readonly BuiltinRegistry _builtins;
    private readonly VmModule[] _modules;
    private readonly Builtin?[] _runtimeNames;
    private readonly bool[] _runtimeNameResolved;

    /// <summary>Per runtime name: it resolved to the standard <c>len</c>, which the hot loop runs inline.</summary>
    private readonly bool[] _inlineLength;
    private readonly Dictionary<string, HarnDict> _impls = new(StringComparer.Ordinal);
    private readonly Action<OutputChannel, string>? _output;
    private readonly VmContext _context;
    private readonly CancellationToken _cancellation;
    private readonly int _maxCallDepth;
    private readonly VmScheduler _scheduler;

    /// <summary>Set by anything that needs the dispatch loop's attention (cancellation, deadlines, time slices); polled at loop entry, backward jumps and calls.</summary>
    private volatile bool _trap;

    /// <summary>Set by the slice timer: the running task should let others run at its next safe point.</summary>
    private volatile bool _yieldRequested;

    /// <summary>Raises the trap flag when a deadline passes; created by the first <c>deadline</c> block.</summary>
    private Timer? _deadlineTimer;

    /// <summary>The fiber whose code is running now; builtins calling back into Harn run on it.</summary>
    private Fiber _fiber;

    /// <summary>C# nesting of dispatch loops (builtin callbacks, generators, waits driven in place), guarded against host stack exhaustion.</summary>
    private int _dispatchNesting;

    public Vm(CompiledProgram program, BuiltinRegistry builtins, Action<OutputChannel, string>? output, CancellationToken cancellation, int maxCallDepth, string? sourceDirectory)
    {
        _program = program;
        _builtins = builtins;
        _output = output;
        _cancellation = cancellation;
        _maxCallDepth = maxCallDepth;
        _modules = program.Modules.Select(m => new VmModule(m)).ToArray();
        _runtimeNames = new Builtin?[program.RuntimeNames.Count];
        _runtimeNameResolved = new bool[program.RuntimeNames.Count];
        _inlineLength = new bool[program.RuntimeNames.Count];
        _context = new VmContext(this, sourceDirectory);
        _fiber = new Fiber();
        _scheduler = new VmScheduler(this);
    }

    /// <summary>Runs the entry module as the root task; its value is the entry pipeline's result.</summary>
    public Value Run(ReadOnlySpan<Value> arguments)
    {
        using var registration = _cancellation.CanBeCanceled ? _cancellation.Register(static vm => ((Vm)vm!).OnHostCancel(), this) : default;
        if (_cancellation.IsCancellationRequested)
        {
            _trap = true;
        }

        var entry = _modules[0];
        entry.Started = true;
        var main = new Closure(entry.Compiled.TopLevel, Array.Empty<ClosureCell>(), entry);
        var fiber = _fiber;
        fiber.EnsureStack(0, arguments.Length + 1);
        fiber.Stack[0] = main.ToValue();
        arguments.CopyTo(fiber.Stack.AsSpan(1));
        fiber.StackPointer = 1 + arguments.Length;
        try
        {
            PushClosureFrame(fiber, main, 1, arguments.Length);
            var root = _scheduler.Start(fiber, null, RootTaskName, null);
            _scheduler.Drive(() => root.State == VmTaskState.Done);
            if (root.Error is { } error)
            {
                Enrich(error);
                throw error;
            }

            return root.Result;
        }
        catch (HarnRuntimeException error)
        {
            Enrich(error);
            throw;
        }
        finally
        {
            _scheduler.Dispose();
            _deadlineTimer?.Dispose();
            _deadlineTimer = null;
        }
    }

    private const string RootTaskName = "root";

    /// <summary>
    /// The pipeline-finish lifecycle, run by the root task when its body returns and before its
    /// unfinished children are stopped, so hooks see them still live and may wait for them.
    /// </summary>
    private Value FinishPipeline(VmTask root, Value result)
    {
        // Hooks are calls from the host: on a fiber of their own their waits are driven in place
        // (the root's fiber has returned and would park as if at its top level).
        var body = _fiber;
        _fiber = new Fiber();
        try
        {
            var value = Hooks.FinishLifecycle.Run(_context, result, [.. _scheduler.Live.Where(task => task != root).Select(task => task.ToValue())]);
            _scheduler.Interrupts.SettleBeforeEnd();
            return value;
        }
        finally
        {
            _fiber = body;
        }
    }

    /// <summary>Script output: a task's stdout is buffered until it is awaited; the root's goes straight to the host.</summary>
    internal void Write(OutputChannel channel, string text)
    {
        if (channel == OutputChannel.Stdout && _scheduler.Current?.Output is { } buffer)
        {
            buffer.Append(text);
            return;
        }

        _output?.Invoke(channel, text);
    }

    internal CancellationToken Cancellation => _cancellation;

    /// <summary>The context builtins of this run receive (per-run state hangs off it).</summary>
    internal VmContext Context => _context;

    internal VmScheduler Scheduler => _scheduler;

    internal bool HostCancelRequested => _cancellation.IsCancellationRequested;

    internal bool CanBeCancelled => _cancellation.CanBeCanceled;

    internal void RaiseTrap() => _trap = true;

    internal void RequestYield()
    {
        _yieldRequested = true;
        _trap = true;
    }

    private void OnHostCancel()
    {
        _trap = true;
        _scheduler.Rouse();
    }

    internal IEnumerable<string> BuiltinNames => _builtins.Names;

    /// <summary>The builtin a program-wide runtime name refers to, or null when none is registered.</summary>
    /// <summary>Directory of the file whose code runs now; null for source given as a string (or embedded std modules).</summary>
    internal string? CurrentModuleDirectory
    {
        get
        {
            var path = _fiber.FrameCount > 0 ? _fiber.Frames[_fiber.FrameCount - 1].Closure.Module.Compiled.Path : null;
            return path is null || !System.IO.Path.IsPathRooted(path) ? null : System.IO.Path.GetDirectoryName(path);
        }
    }

    private Builtin? ResolveRuntimeName(int index)
    {
        if (!_runtimeNameResolved[index])
        {
            _builtins.TryGet(_program.RuntimeNames[index], out var builtin);
            _runtimeNames[index] = builtin;
            _inlineLength[index] = builtin is not null && ReferenceEquals(builtin.Function, Core.Len);
            _runtimeNameResolved[index] = true;
        }

        return _runtimeNames[index];
    }

    /// <summary>
    /// Handles a raised trap flag on <paramref name="fiber"/>: an expired deadline raises
    /// <c>Deadline exceeded</c>; a cancelled task counts down its grace, then raises the
    /// cancellation error. Returns true when the task should give up its time slice now
    /// (only when <paramref name="canYield"/>: the fiber's own top-level dispatch).
    /// </summary>
    private bool PollTrap(Fiber fiber, bool canYield)
    {
        _trap = false;
        ThrowIfLimitHit();
        if (_cancellation.IsCancellationRequested)
        {
            _scheduler.ObserveHostCancellation();
        }

        var task = _scheduler.Current;
        _scheduler.Interrupts.Poll(task);
        ThrowIfDeadlinePassed(fiber, task);
        if (task is not null && task.Fiber != fiber)
        {
            ThrowIfDeadlinePassed(task.Fiber, task);
        }

        if (task is { CancelRequested: true })
        {
            _trap = true;
            if (task.CancelGrace < 0)
            {
                // The grace lets a loop that checks is_cancelled() end cleanly, but a loop whose
                // iterations are slow must not hold the stop off for long.
                task.CancelGrace = CancelGraceBoundaries;
                task.CancelGraceEndsMs = VmScheduler.Now + CancelGraceAsyncMs;
            }

            if (task.CancelGrace-- > 0 && VmScheduler.Now < task.CancelGraceEndsMs)
            {
                return false;
            }

            // Cleanup code the error runs (finally, defer) gets boundaries, not a clock.
            task.CancelGrace = CancelGraceBoundaries;
            task.CancelGraceEndsMs = long.MaxValue;
            throw Cancelled(task);
        }

        ArmDeadlineTimer(fiber);
        if (_yieldRequested)
        {
            _yieldRequested = false;
            return canYield;
        }

        return false;
    }

    /// <summary>The cancellation error for <paramref name="task"/>. A task that caught it once and carried on is stopped for good the next time.</summary>
    internal static HarnRuntimeException Cancelled(VmTask task)
    {
        task.HardStop |= task.HardStopArmed;
        task.HardStopArmed = true;
        return HarnRuntimeException.Throw(Value.FromString(CancelledMessage));
    }

    /// <summary>
    /// Raises <c>Deadline exceeded</c> when a deadline of <paramref name="fiber"/> has passed:
    /// drops it with the deadlines inside it, and aborts the tasks spawned within it.
    /// </summary>
    private void ThrowIfDeadlinePassed(Fiber fiber, VmTask? task)
    {
        if (DeadlinePassed(fiber, task) is { } error)
        {
            throw error;
        }
    }

    private HarnRuntimeException? DeadlinePassed(Fiber fiber, VmTask? task)
    {
        var deadlines = fiber.Deadlines;
        if (deadlines.Count == 0)
        {
            return null;
        }

        var now = VmScheduler.Now;
        for (var i = 0; i < deadlines.Count; i++)
        {
            if (now < deadlines[i].ExpiresAtMs)
            {
                continue;
            }

            var spawnMark = deadlines[i].SpawnMark;
            deadlines.RemoveRange(i, deadlines.Count - i);
            if (task is not null)
            {
                foreach (var child in task.Children.ToArray())
                {
                    if (child.SpawnSequence >= spawnMark)
                    {
                        _scheduler.Abort(child);
                    }
                }
            }

            return HarnRuntimeException.Throw(Value.FromString("Deadline exceeded"));
        }

        return null;
    }

    private void BeginDeadline(Fiber fiber, Value duration)
    {
        var milliseconds = duration.Kind switch
        {
            ValueKind.Int => duration.AsInt,
            ValueKind.Duration => duration.AsDurationMs,
            _ => DefaultDeadlineMs,
        };
        var expires = VmScheduler.Now + Math.Max(0, milliseconds);
        fiber.Deadlines.Add(new FiberDeadline(expires, fiber.FrameCount, fiber.HandlerCount, _scheduler.Current?.SpawnCount ?? 0));
        ArmDeadlineTimer(fiber);
    }

    /// <summary>Ends the innermost deadline; one that has already passed still raises its error.</summary>
    private static void EndDeadline(Fiber fiber)
    {
        var deadlines = fiber.Deadlines;
        if (deadlines.Count == 0)
        {
            return;
        }

        var expired = VmScheduler.Now >= deadlines[^1].ExpiresAtMs;
        deadlines.RemoveAt(deadlines.Count - 1);
        if (expired)
        {
            throw HarnRuntimeException.Throw(Value.FromString("Deadline exceeded"));
        }
    }

    /// <summary>Raises the trap flag when the earliest deadline of <paramref name="fiber"/> passes.</summary>
    private void ArmDeadlineTimer(Fiber fiber)
    {
        if (fiber.Deadlines.Count == 0)
        {
            return;
        }

        var earliest = long.MaxValue;
        foreach (var deadline in fiber.Deadlines)
        {
            earliest = Math.Min(earliest, deadline.ExpiresAtMs);
        }

        var due = Math.Max(0, earliest - VmScheduler.Now);
        _deadlineTimer ??= new Timer(static state => ((Vm)state!)._trap = true, this, Timeout.Infinite, Timeout.Infinite);
        _deadlineTimer.Change(Math.Min(due, int.MaxValue - 1), Timeout.Infinite);
    }
}
