namespace Harn.Runtime;

/// <summary>An installed try handler: where to resume and which frame and stack depth to unwind to.</summary>
internal struct FiberHandler
{
    /// <summary>Number of frames on the fiber when the handler was installed.</summary>
    public int FrameCount;

    /// <summary>Stack pointer to restore before pushing the caught value.</summary>
    public int StackPointer;

    public int CatchIp;

    /// <summary>Enum name a typed catch accepts, or null for any error.</summary>
    public string? TypeName;

    /// <summary>A finally/defer handler: pushes the pending error itself so it can be rethrown unchanged.</summary>
    public bool IsFinally;
}
