using Harn.Hosting;

namespace Harn.PowerShell.Runs;

/// <summary>
/// One run of a chunk, synchronous (Invoke-HarnChunk) or in the background (Start-HarnRun),
/// as Get-HarnRun lists it. Stopping it first interrupts the script with SIGINT, so its
/// <c>on_interrupt</c> handlers and finally blocks run, then cancels the VM through its
/// cancellation token once <see cref="InterruptGracePeriod"/> has passed.
/// </summary>
public sealed class HarnRun
{
    /// <summary>How long a stopped run's interrupt handlers get before the run is cancelled.</summary>
    public static readonly TimeSpan InterruptGracePeriod = TimeSpan.FromSeconds(2);

    private static int _lastId;

    private readonly object _gate = new();
    private readonly CancellationTokenSource _cancellation = new();
    private readonly CancellationTokenSource _stop = new();
    private Timer? _timeout;
    private bool _stopRequested;

    internal HarnRun(string name, string location, bool background)
    {
        Id = Interlocked.Increment(ref _lastId);
        Name = name;
        Location = location;
        IsBackground = background;
        StartTime = DateTime.Now;
    }

    public int Id { get; }

    public string Name { get; }

    /// <summary>The file that runs, or <c>&lt;source&gt;</c>.</summary>
    public string Location { get; }

    /// <summary>True for Start-HarnRun runs (PowerShell jobs).</summary>
    public bool IsBackground { get; }

    /// <summary>The job of a background run; null for a synchronous one.</summary>
    public int? JobId => Job?.Id;

    internal Jobs.HarnJob? Job { get; set; }

    public HarnRunState State { get; private set; } = HarnRunState.Running;

    public DateTime StartTime { get; }

    public DateTime? EndTime { get; private set; }

    /// <summary>How long it ran, or has been running so far.</summary>
    public TimeSpan Duration => (EndTime ?? DateTime.Now) - StartTime;

    /// <summary>True once a stop was requested (Stop-HarnRun, Stop-Job, Ctrl+C, a downstream command ending the pipeline).</summary>
    public bool StopRequested
    {
        get
        {
            lock (_gate)
            {
                return _stopRequested;
            }
        }
    }

    internal CancellationToken Token => _cancellation.Token;

    /// <summary>Cancelled as soon as a stop is requested, before <see cref="Token"/> (which follows after the interrupt grace).</summary>
    internal CancellationToken StopToken => _stop.Token;

    /// <summary>Delivers SIGINT to the script when the run is stopped.</summary>
    internal HarnInterruptSource Interrupts { get; } = new();

    /// <summary>
    /// Requests the stop: SIGINT now, cancellation after <see cref="InterruptGracePeriod"/>.
    /// Later requests change nothing. False when the run had already finished.
    /// </summary>
    internal bool Stop()
    {
        lock (_gate)
        {
            if (State != HarnRunState.Running)
            {
                return false;
            }

            if (_stopRequested)
            {
                return true;
            }

            _stopRequested = true;
            // The signal first: whoever sees the stop token may rely on the signal being queued.
            Interrupts.Raise("SIGINT");
            _stop.Cancel();
            _cancellation.CancelAfter(InterruptGracePeriod);
            return true;
        }
    }

    /// <summary>True when the run was cancelled because it outlived its -TimeoutSec.</summary>
    public bool TimedOut { get; private set; }

    /// <summary>Cancels the run, marked as timed out, once <paramref name="limit"/> has passed.</summary>
    internal void StartTimeout(TimeSpan limit)
    {
        _timeout = new Timer(_ =>
        {
            lock (_gate)
            {
                if (State == HarnRunState.Running && !_stopRequested)
                {
                    TimedOut = true;
                    _stopRequested = true;
                    _stop.Cancel();
                    _cancellation.Cancel();
                }
            }
        }, null, limit, Timeout.InfiniteTimeSpan);
    }

    internal void Finish(HarnRunState state)
    {
        lock (_gate)
        {
            if (State == HarnRunState.Running)
            {
                State = state;
                EndTime = DateTime.Now;
            }
        }

        _timeout?.Dispose();

        // A pending CancelAfter would fire into a finished run; nothing listens any more.
        _cancellation.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    public override string ToString() => $"{Name} ({State})";
}
