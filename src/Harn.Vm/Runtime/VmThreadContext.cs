namespace Harn.Runtime;

/// <summary>The VM state that belongs to one driver thread's stack: its current fiber, dispatch nesting and task.</summary>
internal readonly record struct VmThreadContext(Fiber Fiber, int DispatchNesting, VmTask? Current);
