namespace Harn.Runtime;

internal sealed partial class Vm
{
    /// <summary>A limit another thread found exceeded (the memory watchdog); thrown at the next trap poll.</summary>
    private volatile ResourceLimitException? _limitHit;

    /// <summary>Ends the run with <paramref name="error"/> at the running task's next safe point. Callable from any thread.</summary>
    internal void TripLimit(ResourceLimitException error)
    {
        _limitHit ??= error;
        _trap = true;
        _scheduler.Rouse();
    }

    internal void ThrowIfLimitHit()
    {
        if (_limitHit is { } error)
        {
            // Stays raised: every later poll (a nested dispatch, another task) ends the run too.
            _trap = true;
            throw error;
        }
    }
}
