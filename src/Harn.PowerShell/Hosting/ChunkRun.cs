using System.Threading.Channels;
using Harn.Hooks;
using Harn.Hosting;
using Harn.PowerShell.Hooks;
using Harn.Runtime;

namespace Harn.PowerShell.Hosting;

/// <summary>
/// Compiles and runs one chunk on a dedicated thread and reports output, result items, hook
/// calls and the outcome as <see cref="ChunkRunEvent"/>s, so that only the thread reading them
/// (the pipeline thread, or a job's thread) touches PowerShell. The worker has a large stack
/// because parsing recurses on nesting depth.
/// </summary>
internal sealed class ChunkRun
{
    private const int WorkerStackBytes = 16 * 1024 * 1024;

    // Not SingleReader: the reader polls with time-outs, which can leave a wait pending.
    private readonly Channel<ChunkRunEvent> _events = Channel.CreateUnbounded<ChunkRunEvent>();

    /// <summary>Released by the reader each time it has written a result item, so the VM runs at most one item ahead.</summary>
    private readonly SemaphoreSlim _itemWritten = new(0);

    private readonly Thread _worker;
    private readonly CancellationToken _cancellation;

    /// <summary>Set once a stop is requested (before the cancellation, which follows after the interrupt grace).</summary>
    private readonly CancellationToken _stopping;

    private ChunkRun(Func<HarnScript> compile, ArgumentBinding arguments, IReadOnlyList<HarnHook> hooks, CancellationToken cancellation, CancellationToken stopping, HarnInterruptSource interrupts, RunLimits limits)
    {
        _cancellation = cancellation;
        _stopping = stopping;
        _worker = new Thread(() => Execute(compile, arguments, hooks, interrupts, limits), WorkerStackBytes)
        {
            IsBackground = true,
            Name = "Harn chunk",
        };
    }

    /// <summary>
    /// Starts compiling (through <paramref name="compile"/>) and running a chunk, which
    /// <paramref name="interrupts"/> interrupts and <paramref name="cancellation"/> cancels;
    /// <paramref name="stopping"/> is set as soon as a stop is requested.
    /// </summary>
    public static ChunkRun Start(Func<HarnScript> compile, ArgumentBinding arguments, IReadOnlyList<HarnHook> hooks, CancellationToken cancellation, CancellationToken stopping, HarnInterruptSource interrupts, RunLimits limits)
    {
        var run = new ChunkRun(compile, arguments, hooks, cancellation, stopping, interrupts, limits);
        run._worker.Start();
        return run;
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the next event. Returns false on time-out,
    /// and also once the final event has been read.
    /// </summary>
    public bool TryReadEvent(TimeSpan timeout, out ChunkRunEvent? next)
    {
        if (_events.Reader.TryRead(out next))
        {
            return true;
        }

        var ready = _events.Reader.WaitToReadAsync().AsTask();
        if (ready.Wait(timeout) && ready.Result)
        {
            return _events.Reader.TryRead(out next);
        }

        next = null;
        return false;
    }

    /// <summary>Tells the VM that the last <see cref="ChunkRunEvent.Item"/> has been written.</summary>
    public void ItemWritten() => _itemWritten.Release();

    /// <summary>Waits for the worker thread to end; false if it is still running after <paramref name="timeout"/>.</summary>
    public bool WaitForExit(TimeSpan timeout) => _worker.Join(timeout);

    private void Execute(Func<HarnScript> compile, ArgumentBinding arguments, IReadOnlyList<HarnHook> hooks, HarnInterruptSource interrupts, RunLimits limits)
    {
        ChunkRunEvent outcome;
        try
        {
            var script = compile();
            var options = new HarnRunOptions
            {
                // TryWrite drops output that arrives after the outcome (a stray task) instead of throwing.
                Output = (channel, text) => _events.Writer.TryWrite(new ChunkRunEvent.Output(channel, text)),
                Progress = report => _events.Writer.TryWrite(new ChunkRunEvent.Progress(report)),
                CancellationToken = _cancellation,
                Interrupts = interrupts,
                MaxInstructions = limits.MaxInstructions,
                MaxCallDepth = limits.MaxCallDepth,
                MaxMemoryBytes = limits.MaxMemoryBytes,
                Sandbox = limits.Sandbox,
                Arguments = arguments.Bind(script),
                Hooks = HostHooks(hooks),
                ResultItems = WriteItem,
            };
            outcome = new ChunkRunEvent.Completed(HarnExecution.Run(script, options));
        }
        catch (Exception error)
        {
            // Everything is reported: an exception escaping this thread would end the whole PowerShell process.
            outcome = new ChunkRunEvent.Failed(error);
        }

        _events.Writer.TryWrite(outcome);
        _events.Writer.TryComplete();
    }

    private HookRegistry? HostHooks(IReadOnlyList<HarnHook> hooks)
    {
        if (hooks.Count == 0)
        {
            return null;
        }

        var registry = new HookRegistry();
        foreach (var hook in hooks)
        {
            registry.Add(hook.Event, hook.Pattern, new HostHookHandler((hookEvent, payload, cancellation) => CallHook(hook, hookEvent, payload, cancellation)));
        }

        return registry;
    }

    /// <summary>Runs on the VM thread: hands the hook to the reader and waits for its result.</summary>
    private Value CallHook(HarnHook hook, HookEvent hookEvent, Value payload, CancellationToken cancellation)
    {
        var reply = new TaskCompletionSource<Value>(TaskCreationOptions.RunContinuationsAsynchronously);
        _events.Writer.TryWrite(new ChunkRunEvent.HookCall(hook, hookEvent, payload, reply));
        return reply.Task.WaitAsync(cancellation).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Runs on the VM thread for each result item; false (stop pulling) once a stop is requested:
    /// nobody reads the items any more. The stop raised SIGINT first, so the root task, finishing,
    /// runs the script's <c>on_interrupt</c> handlers before the run ends.
    /// </summary>
    private bool WriteItem(Value item)
    {
        if (!_stopping.IsCancellationRequested)
        {
            _events.Writer.TryWrite(new ChunkRunEvent.Item(item));
            try
            {
                _itemWritten.Wait(_stopping);
                return true;
            }
            catch (OperationCanceledException)
            {
                // Stopped while the item was being written.
            }
        }

        return false;
    }
}
