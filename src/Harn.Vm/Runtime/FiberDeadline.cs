namespace Harn.Runtime;

/// <summary>
/// An active <c>deadline</c> block: when it expires, the frame and handler depth it belongs to
/// (dropped when those unwind), and the task's spawn count when it began (tasks spawned inside
/// it are aborted when it expires).
/// </summary>
internal readonly record struct FiberDeadline(long ExpiresAtMs, int FrameCount, int HandlerCount, int SpawnMark);
