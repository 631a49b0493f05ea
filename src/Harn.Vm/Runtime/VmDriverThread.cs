namespace Harn.Runtime;

/// <summary>
/// A thread that may run VM code: the run's own thread or a helper started when a task had to
/// wait inside a nested call. Exactly one of them holds the baton (runs VM code) at a time; the
/// others block on <see cref="Go"/>, either idle or keeping the stack of a task waiting in place.
/// </summary>
internal sealed class VmDriverThread(Thread? thread)
{
    /// <summary>Released when the baton is handed to this thread.</summary>
    public SemaphoreSlim Go { get; } = new(0);

    /// <summary>The helper thread; null for the thread that called <c>Run</c>.</summary>
    public Thread? Thread { get; set; } = thread;

    /// <summary>What the thread's stack expects of the VM when it gets the baton back.</summary>
    public VmThreadContext Saved { get; set; }

    /// <summary>The task whose nested call waits on this thread's stack.</summary>
    public VmTask? WaitingFor { get; set; }

    /// <summary>While the thread drives other tasks nested on a waiting task's stack: when that wait is over.</summary>
    public Func<bool>? NestedUntil { get; set; }

    /// <summary>Blocked in its drive loop with nothing of a task's on its stack above it: free to drive again.</summary>
    public bool Idle { get; set; }

    /// <summary>The run is over: an idle helper leaves its loop and ends.</summary>
    public bool ExitRequested { get; set; }
}
