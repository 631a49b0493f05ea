namespace Harn.Runtime;

/// <summary>
/// Tasks parked until something changes (an item arrives, a task ends, a lock is released).
/// <see cref="NotifyAll"/> wakes them all; each re-checks its own wait, so wake-ups may be spurious.
/// </summary>
internal sealed class VmSignal
{
    private List<VmTask>? _waiters;
    private VmScheduler? _scheduler;

    public bool HasWaiters => _waiters is { Count: > 0 };

    public void Add(VmScheduler scheduler, VmTask task)
    {
        _scheduler = scheduler;
        (_waiters ??= new List<VmTask>()).Add(task);
    }

    public void Remove(VmTask task) => _waiters?.Remove(task);

    public void NotifyAll()
    {
        if (_waiters is not { Count: > 0 } || _scheduler is null)
        {
            return;
        }

        var waiters = _waiters.ToArray();
        _waiters.Clear();
        foreach (var task in waiters)
        {
            _scheduler.Wake(task);
        }
    }
}
