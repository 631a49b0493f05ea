namespace Harn.Runtime;

/// <summary>
/// A line of execution: its own value stack, frame stack and handler stack. The VM's dispatch
/// loop runs one fiber at a time and returns to its driver when the fiber finishes or suspends
/// (generators suspend at <c>yield</c>, tasks when they must wait or their time slice is up).
/// </summary>
internal sealed class Fiber
{
    private const int InitialStack = 256;

    public Value[] Stack = new Value[InitialStack];

    public int StackPointer;

    public Frame[] Frames = new Frame[16];

    public int FrameCount;

    public FiberHandler[] Handlers = new FiberHandler[8];

    public int HandlerCount;

    public FiberStatus Status = FiberStatus.Ready;

    /// <summary>Active deadlines, innermost last.</summary>
    public List<FiberDeadline> Deadlines = new();

    /// <summary>The value handed out by the last <c>yield</c>.</summary>
    public Value Yielded;

    /// <summary>The task this fiber is the body of; null for generator fibers, which run on behalf of whichever task pulls them.</summary>
    public VmTask? Task;

    /// <summary>What the fiber stopped for when its status is <see cref="FiberStatus.Waiting"/>.</summary>
    public VmSuspension? Pending;

    /// <summary>Makes room for <paramref name="needed"/> more values above <paramref name="from"/>.</summary>
    public void EnsureStack(int from, int needed)
    {
        var required = from + needed;
        if (required > Stack.Length)
        {
            Array.Resize(ref Stack, Math.Max(required, Stack.Length * 2));
        }
    }

    public ref Frame PushFrame()
    {
        if (FrameCount == Frames.Length)
        {
            Array.Resize(ref Frames, Frames.Length * 2);
        }

        return ref Frames[FrameCount++];
    }

    public void PushHandler(in FiberHandler handler)
    {
        if (HandlerCount == Handlers.Length)
        {
            Array.Resize(ref Handlers, Handlers.Length * 2);
        }

        Handlers[HandlerCount++] = handler;
    }
}
