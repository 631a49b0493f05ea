namespace Harn.Runtime;

/// <summary>Where a fiber stands between two runs of the dispatch loop.</summary>
internal enum FiberStatus
{
    /// <summary>Has frames to run.</summary>
    Ready,

    /// <summary>Stopped at a <c>yield</c>; resuming continues after it.</summary>
    Suspended,

    /// <summary>Stopped at an operation that must wait (<see cref="Fiber.Pending"/>); the driver resumes it when the wait completes.</summary>
    Waiting,

    /// <summary>Gave up its time slice; runs on when the driver comes back to it.</summary>
    Yielded,

    /// <summary>Its last frame returned or an error escaped it.</summary>
    Done,
}
