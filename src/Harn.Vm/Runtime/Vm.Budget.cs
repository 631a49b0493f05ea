namespace Harn.Runtime;

internal sealed partial class Vm
{
    /// <summary>The host's instruction ceiling for the whole run (all tasks); 0 means unlimited.</summary>
    private long _maxInstructions;

    /// <summary>
    /// Instructions the run may still execute. The dispatch loop counts it down in a register and
    /// stores it back here whenever it leaves the loop or runs an operation that may nest another.
    /// </summary>
    private long _fuel = long.MaxValue;

    /// <summary>Ends the run with <see cref="ResourceLimitException"/> once it executes more than <paramref name="maxInstructions"/> instructions (0: no limit).</summary>
    internal void LimitInstructions(long maxInstructions)
    {
        _maxInstructions = Math.Max(0, maxInstructions);
        _fuel = _maxInstructions > 0 ? _maxInstructions : long.MaxValue;
    }

    /// <summary>Called when the countdown passes zero: throws when a limit is set, otherwise starts a new countdown.</summary>
    private long Refuel()
    {
        if (_maxInstructions > 0)
        {
            _fuel = -1;
            throw ResourceLimitException.Instructions(_maxInstructions);
        }

        return long.MaxValue;
    }
}
