namespace Harn.Runtime;

/// <summary>
/// Enforces <see cref="Hosting.HarnRunOptions.MaxMemoryBytes"/>. Every <see cref="SamplePeriodMs"/>
/// a timer reads the size of the process's managed heap; when it has grown by more than the
/// ceiling since the run began, a full collection confirms that the growth is live data and not
/// garbage, and the run is tripped (<see cref="Vm.TripLimit"/>): it ends at its next backward
/// jump or call. Because the heap is the process's, runs executing at the same time count
/// each other's growth; the baseline drops whenever the heap shrinks below it.
/// </summary>
internal sealed class MemoryWatchdog : IDisposable
{
    private const int SamplePeriodMs = 10;

    /// <summary>Forced collections (each pauses the whole process) are at least this far apart.</summary>
    private const long ConfirmIntervalMs = 200;

    private readonly long _maxBytes;
    private readonly Vm _vm;
    private readonly Timer _timer;
    private readonly object _gate = new();
    private long _baseline;
    private long _lastConfirmMs = long.MinValue / 2;
    private bool _stopped;

    private MemoryWatchdog(long maxBytes, Vm vm)
    {
        _maxBytes = maxBytes;
        _vm = vm;
        _baseline = GC.GetTotalMemory(forceFullCollection: false);
        _timer = new Timer(static state => ((MemoryWatchdog)state!).Sample(), this, SamplePeriodMs, SamplePeriodMs);
    }

    /// <summary>Watches the run of <paramref name="vm"/>; null (nothing to dispose) when <paramref name="maxBytes"/> is 0 or less.</summary>
    public static MemoryWatchdog? Start(long maxBytes, Vm vm) => maxBytes > 0 ? new MemoryWatchdog(maxBytes, vm) : null;

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
        }

        // Waits for a sample in progress, so no timer callback outlives the run.
        using var done = new ManualResetEvent(false);
        if (_timer.Dispose(done))
        {
            done.WaitOne();
        }
    }

    private void Sample()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            var heap = GC.GetTotalMemory(forceFullCollection: false);
            _baseline = Math.Min(_baseline, heap);
            if (heap - _baseline <= _maxBytes)
            {
                return;
            }

            var now = Environment.TickCount64;
            if (now - _lastConfirmMs < ConfirmIntervalMs)
            {
                return;
            }

            _lastConfirmMs = now;
            GC.Collect();
            var live = GC.GetTotalMemory(forceFullCollection: false) - _baseline;
            if (live > _maxBytes)
            {
                _stopped = true;
                _vm.TripLimit(ResourceLimitException.Memory(_maxBytes, live));
            }
        }
    }
}
