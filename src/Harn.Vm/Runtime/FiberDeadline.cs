namespace Harn.Runtime;

/// <summary>An active <c>deadline</c> block: when it expires, and the frame and handler depth it belongs to (dropped when those unwind).</summary>
internal readonly record struct FiberDeadline(long ExpiresAtMs, int FrameCount, int HandlerCount);
