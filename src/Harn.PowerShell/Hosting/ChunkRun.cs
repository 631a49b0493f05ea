using System.Threading.Channels;
using Harn.Hosting;
using Harn.Runtime;

namespace Harn.PowerShell.Hosting;

/// <summary>
/// Compiles and runs one chunk on a dedicated thread and reports output and the outcome as
/// <see cref="ChunkRunEvent"/>s, so the pipeline thread alone touches PowerShell while the
/// script runs. The thread has a large stack because parsing recurses on nesting depth.
/// </summary>
public sealed class ChunkRun
{
    private const int WorkerStackBytes = 16 * 1024 * 1024;

    // Not SingleReader: the pipeline thread polls with time-outs, which can leave a wait pending.
    private readonly Channel<ChunkRunEvent> _events = Channel.CreateUnbounded<ChunkRunEvent>();

    private readonly Thread _worker;

    private ChunkRun(string source, string? path, IReadOnlyDictionary<string, Value>? arguments, CancellationToken cancellation)
    {
        _worker = new Thread(() => Execute(source, path, arguments, cancellation), WorkerStackBytes)
        {
            IsBackground = true,
            Name = "Harn chunk",
        };
    }

    /// <summary>Starts compiling and running <paramref name="source"/>.</summary>
    public static ChunkRun Start(string source, string? path, IReadOnlyDictionary<string, Value>? arguments, CancellationToken cancellation)
    {
        var run = new ChunkRun(source, path, arguments, cancellation);
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

    /// <summary>Waits for the worker thread to end; false if it is still running after <paramref name="timeout"/>.</summary>
    public bool WaitForExit(TimeSpan timeout) => _worker.Join(timeout);

    private void Execute(string source, string? path, IReadOnlyDictionary<string, Value>? arguments, CancellationToken cancellation)
    {
        ChunkRunEvent outcome;
        try
        {
            var script = HarnScript.Compile(source, path);
            var options = new HarnRunOptions
            {
                // TryWrite drops output that arrives after the outcome (a stray task) instead of throwing.
                Output = (channel, text) => _events.Writer.TryWrite(new ChunkRunEvent.Output(channel, text)),
                CancellationToken = cancellation,
                Arguments = arguments,
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
}
