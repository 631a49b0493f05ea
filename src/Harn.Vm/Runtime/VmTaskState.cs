namespace Harn.Runtime;

/// <summary>Where a task stands with the scheduler.</summary>
internal enum VmTaskState
{
    /// <summary>In the ready queue.</summary>
    Ready,

    /// <summary>Its fiber is executing (possibly waiting in place inside a nested call).</summary>
    Running,

    /// <summary>Parked on a <see cref="VmSuspension"/>.</summary>
    Waiting,

    /// <summary>Finished, failed or aborted.</summary>
    Done,
}
