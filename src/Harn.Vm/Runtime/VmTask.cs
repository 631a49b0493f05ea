using System.Globalization;
using System.Text;

namespace Harn.Runtime;

/// <summary>
/// A logical task: the root run, a <c>spawn</c>, a <c>parallel</c> child or a supervised child.
/// It owns one fiber, buffers its output until awaited, and carries its cancellation state and
/// runtime context. The value of a task handle.
/// </summary>
internal sealed class VmTask : IHarnObject
{
    public VmTask(long id, Fiber fiber, VmTask? parent, string name, string? groupId)
    {
        Id = id;
        Fiber = fiber;
        Parent = parent;
        Name = name;
        GroupId = groupId;
        fiber.Task = this;
        ContextValues = parent?.ContextValues ?? HarnDict.Empty;
        Root = parent?.Root ?? this;
        TaskId = parent is null ? "root" : string.Create(CultureInfo.InvariantCulture, $"{parent.TaskId}:{name.Replace(' ', '_')}:{id}");
    }

    public long Id { get; }

    public string HandleId => string.Create(CultureInfo.InvariantCulture, $"vm_task_{Id}");

    /// <summary>Logical id shown by <c>runtime_context()</c>.</summary>
    public string TaskId { get; }

    public Fiber Fiber { get; }

    public VmTask? Parent { get; }

    public VmTask Root { get; }

    /// <summary><c>root</c>, <c>spawn</c>, <c>parallel</c>, <c>parallel each</c>, ...</summary>
    public string Name { get; }

    /// <summary>Shared by the siblings of one parallel operation.</summary>
    public string? GroupId { get; }

    public VmTaskState State { get; set; }

    /// <summary>Output written while this task ran; handed to whoever awaits it. Null for the root, which writes straight to the host.</summary>
    public StringBuilder? Output { get; set; }

    public Value Result { get; set; }

    public HarnRuntimeException? Error { get; set; }

    /// <summary>Stopped from outside (<c>cancel</c>, deadline, end of the run) rather than finishing.</summary>
    public bool Aborted { get; set; }

    /// <summary>Its result has been collected by <c>await</c>.</summary>
    public bool Awaited { get; set; }

    /// <summary>Woken when the task is done.</summary>
    public VmSignal Completed { get; } = new();

    /// <summary>What the task is parked on (or waits for in place).</summary>
    public VmSuspension? Suspension { get; set; }

    /// <summary>Waiting in place inside a nested call: a wake-up sets <see cref="Woken"/> instead of queueing the task.</summary>
    public bool WaitingInPlace { get; set; }

    public bool Woken { get; set; }

    /// <summary>The thread whose stack holds this task's nested call while it waits there; the driver hands it the baton to resume.</summary>
    public VmDriverThread? InPlace { get; set; }

    /// <summary>Bumped on every park, so a timer armed for an earlier wait is ignored.</summary>
    public long WaitGeneration { get; set; }

    /// <summary>Cooperative cancellation was requested (<c>is_cancelled()</c> is true).</summary>
    public bool CancelRequested { get; set; }

    public long CancelRequestedAtMs { get; set; }

    /// <summary>Instruction boundaries left before the cancellation error is raised; -1 before counting starts.</summary>
    public int CancelGrace { get; set; } = -1;

    /// <summary>When the first grace after a cancellation request ends even if boundaries remain (a loop of slow iterations).</summary>
    public long CancelGraceEndsMs { get; set; } = long.MaxValue;

    /// <summary>Once set, no handler catches anything: the task caught the cancellation error and carried on.</summary>
    public bool HardStop { get; set; }

    public bool HardStopArmed { get; set; }

    /// <summary>An error to raise in this task at its next safe point or wait (an unhandled interrupt signal, a failed interrupt handler).</summary>
    public HarnRuntimeException? InjectedError { get; set; }

    /// <summary>Tasks this one spawned and has not awaited; aborted when it ends.</summary>
    public HashSet<VmTask> Children { get; } = new();

    /// <summary>Counts spawns, so a deadline can abort just the tasks started inside it.</summary>
    public int SpawnCount { get; set; }

    public int SpawnSequence { get; set; }

    /// <summary>Called once when the task is done (parallel groups, supervisors).</summary>
    public Action<VmTask>? OnDone { get; set; }

    /// <summary>Task-local values (<c>runtime_context_set</c>); children start from a snapshot.</summary>
    public HarnDict ContextValues { get; set; }

    /// <summary>What the task waits for, for <c>runtime_context().debug</c>.</summary>
    public string? WaitingReason => Suspension?.GetType().Name;

    public string TypeName => "task_handle";

    public string Display() => $"<task:{HandleId}>";

    public Value ToValue() => Value.FromObject(ValueKind.TaskHandle, this);
}
