namespace Harn.Runtime;

/// <summary>Where a fiber stands between two runs of the dispatch loop.</summary>
internal enum FiberStatus
{
    /// <summary>Has frames to run.</summary>
    Ready,

    /// <summary>Stopped at a <c>yield</c>; resuming continues after it.</summary>
    Suspended,

    /// <summary>Its last frame returned or an error escaped it.</summary>
    Done,
}
