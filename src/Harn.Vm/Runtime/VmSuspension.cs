namespace Harn.Runtime;

/// <summary>
/// What a builtin hands back instead of a result when it must wait (sleep, receive, await, a
/// lock, host I/O). The dispatch loop parks the calling task on it and returns to the driver;
/// the driver resumes the task once <see cref="TryComplete"/> succeeds. Called from a nested
/// dispatch (a builtin calling back into Harn), the wait is driven in place instead.
/// </summary>
internal abstract class VmSuspension : IHarnObject
{
    /// <summary>Monotonic time (ms) after which the wait gives up on its own; <see cref="long.MaxValue"/> for never.</summary>
    public long DueMs { get; protected init; } = long.MaxValue;

    /// <summary>Ends at once when its task is cancelled (sleep, lock waits), rather than after the async grace.</summary>
    public virtual bool EndsOnCancel => false;

    /// <summary>Resume by running the suspended instruction again (a <c>for</c> over a channel) instead of delivering a value.</summary>
    public virtual bool RetriesInstruction => false;

    public string TypeName => "pending";

    public string Display() => "<pending>";

    /// <summary>Finishes the wait if it can (result in <paramref name="result"/>); throws the wait's error if it failed.</summary>
    public abstract bool TryComplete(VmTask waiter, out Value result);

    /// <summary>Asks whatever the wait depends on to wake <paramref name="waiter"/> when it may complete.</summary>
    public virtual void Park(VmScheduler scheduler, VmTask waiter)
    {
    }

    /// <summary>Withdraws the wake-up request (completed, timed out, cancelled or aborted).</summary>
    public virtual void Unpark(VmTask waiter)
    {
    }

    /// <summary>The task was aborted or ran out of cancellation grace while waiting: stop any work in flight.</summary>
    public virtual void Abandon()
    {
    }

    public Value ToValue() => Value.FromObject(ValueKind.Object, this);
}
