using Harn.Bytecode;
using Harn.Hosting;

namespace Harn.Runtime;

/// <summary>
/// Runs one compiled program. Every piece of mutable execution state lives here (module
/// globals, impl tables, the fibers), so any number of VMs may run the same program at once.
/// </summary>
internal sealed partial class Vm
{
    /// <summary>Deadline used when a <c>deadline</c> block's duration is neither an int nor a duration.</summary>
    private const long DefaultDeadlineMs = 30_000;

    /// <summary>Instruction boundaries a cancelled run may still pass (lets <c>while !is_cancelled()</c> exit cleanly).</summary>
    private const int CancelGraceBoundaries = 1024;

    private readonly CompiledProgram _program;
    private readonly BuiltinRegistry _builtins;
    private readonly VmModule[] _modules;
    private readonly Builtin?[] _runtimeNames;
    private readonly bool[] _runtimeNameResolved;
    private readonly Dictionary<string, HarnDict> _impls = new(StringComparer.Ordinal);
    private readonly Action<OutputChannel, string>? _output;
    private readonly VmContext _context;
    private readonly CancellationToken _cancellation;
    private readonly int _maxCallDepth;

    /// <summary>Set by anything that needs the dispatch loop's attention (cancellation); polled at loop entry, backward jumps and calls.</summary>
    private volatile bool _trap;

    private int _cancelGrace = -1;

    /// <summary>Set once a cancelled run has caught the cancellation error and kept going: no handler catches anything any more.</summary>
    private bool _hardStop;

    private bool _hardStopArmed;

    /// <summary>Raises the trap flag when a deadline passes; created by the first <c>deadline</c> block.</summary>
    private Timer? _deadlineTimer;

    /// <summary>The fiber whose code is running now; builtins calling back into Harn run on it.</summary>
    private Fiber _fiber;

    /// <summary>C# nesting of dispatch loops (builtin callbacks, generators), guarded against host stack exhaustion.</summary>
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
        _context = new VmContext(this, sourceDirectory);
        _fiber = new Fiber();
    }

    /// <summary>Runs the entry module; its value is the entry pipeline's result.</summary>
    public Value Run(ReadOnlySpan<Value> arguments)
    {
        using var registration = _cancellation.CanBeCanceled ? _cancellation.Register(static vm => ((Vm)vm!)._trap = true, this) : default;
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
            return Execute(fiber, 0);
        }
        catch (HarnRuntimeException error)
        {
            Enrich(error);
            throw;
        }
        finally
        {
            _deadlineTimer?.Dispose();
            _deadlineTimer = null;
        }
    }

    internal void Write(OutputChannel channel, string text) => _output?.Invoke(channel, text);

    internal CancellationToken Cancellation => _cancellation;

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
            _runtimeNameResolved[index] = true;
        }

        return _runtimeNames[index];
    }

    /// <summary>
    /// Handles a raised trap flag: an expired deadline of <paramref name="fiber"/> raises
    /// <c>Deadline exceeded</c>; a cancelled run counts down its grace, then raises the
    /// cancellation error.
    /// </summary>
    private void PollTrap(Fiber fiber)
    {
        var deadlines = fiber.Deadlines;
        if (deadlines.Count > 0 && Environment.TickCount64 >= deadlines[^1].ExpiresAtMs)
        {
            deadlines.RemoveAt(deadlines.Count - 1);
            throw HarnRuntimeException.Throw(Value.FromString("Deadline exceeded"));
        }

        if (!_cancellation.IsCancellationRequested)
        {
            _trap = false;
            ArmDeadlineTimer(fiber);
            return;
        }

        if (_cancelGrace < 0)
        {
            _cancelGrace = CancelGraceBoundaries;
        }

        if (_cancelGrace-- > 0)
        {
            return;
        }

        // A script that catches the cancellation error and carries on is stopped for good the next time.
        _cancelGrace = CancelGraceBoundaries;
        _hardStop = _hardStopArmed;
        _hardStopArmed = true;
        throw HarnRuntimeException.Throw(Value.FromString("kind:cancelled:VM cancelled by host"));
    }

    private void BeginDeadline(Fiber fiber, Value duration)
    {
        var milliseconds = duration.Kind switch
        {
            ValueKind.Int => duration.AsInt,
            ValueKind.Duration => duration.AsDurationMs,
            _ => DefaultDeadlineMs,
        };
        var expires = Environment.TickCount64 + Math.Max(0, milliseconds);
        fiber.Deadlines.Add(new FiberDeadline(expires, fiber.FrameCount, fiber.HandlerCount));
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

        var expired = Environment.TickCount64 >= deadlines[^1].ExpiresAtMs;
        deadlines.RemoveAt(deadlines.Count - 1);
        if (expired)
        {
            throw HarnRuntimeException.Throw(Value.FromString("Deadline exceeded"));
        }
    }

    /// <summary>Raises the trap flag when the innermost deadline of <paramref name="fiber"/> passes.</summary>
    private void ArmDeadlineTimer(Fiber fiber)
    {
        if (fiber.Deadlines.Count == 0)
        {
            return;
        }

        var due = Math.Max(0, fiber.Deadlines[^1].ExpiresAtMs - Environment.TickCount64);
        _deadlineTimer ??= new Timer(static state => ((Vm)state!)._trap = true, this, Timeout.Infinite, Timeout.Infinite);
        _deadlineTimer.Change(Math.Min(due, int.MaxValue - 1), Timeout.Infinite);
    }
}
