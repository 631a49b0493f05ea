using Harn.Runtime;
using Harn.Stdlib.Agents;
using Harn.Stdlib.Concurrency;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Workers;

/// <summary>
/// The workers of one run and their lifecycle builtins: <c>wait_agent</c>, <c>send_input</c>,
/// <c>close_agent</c> and <c>list_agents</c>. A cycle runs as a task of the run's scheduler, so
/// the parent keeps going while it runs and <c>wait_agent</c> parks only the caller.
/// </summary>
internal sealed class WorkerRegistry
{
    private static readonly RunLocal<WorkerRegistry> Registries = new(() => new WorkerRegistry());

    private readonly Dictionary<string, Worker> _workers = new(StringComparer.Ordinal);
    private readonly List<Worker> _order = [];

    public static WorkerRegistry Of(BuiltinContext context) => Registries.Get(context);

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("wait_agent", Wait);
        registry.Register("send_input", SendInput);
        registry.Register("close_agent", Close);
        registry.Register("worker_trigger", Trigger);
        registry.Register("list_agents", (context, _) => AgentValues.List(Of(context)._order.Select(w => Value.FromDict(w.ToHandle()))));
    }

    /// <summary>Registers <paramref name="worker"/> and starts its first cycle on <paramref name="task"/>; returns its handle.</summary>
    public static Value Launch(BuiltinContext context, Worker worker, string task)
    {
        var registry = Of(context);
        registry._workers[worker.Id] = worker;
        registry._order.Add(worker);
        StartCycle(context, worker, task);
        return Value.FromDict(worker.ToHandle());
    }

    /// <summary>The worker a handle (or id) names, or an error naming the function.</summary>
    public Worker Resolve(Value handle, string function)
    {
        var id = handle.Kind == ValueKind.String ? handle.AsString : AgentValues.StringField(handle, "id");
        return id is not null && _workers.TryGetValue(id, out var worker)
            ? worker
            : throw RuntimeErrors.Thrown($"{function}: unknown worker {(id is null ? "handle" : "'" + id + "'")}");
    }

    private static void StartCycle(BuiltinContext context, Worker worker, string task)
    {
        worker.Task = task;
        worker.Tasks.Add(task);
        worker.Cycle++;
        worker.Status = "running";
        worker.Result = Value.Nil;
        worker.Error = Value.Nil;
        worker.StartedAt = Worker.Now();
        worker.FinishedAt = null;
        var vm = ConcurrencyHelpers.VmOf(context, "worker");
        var cycle = worker.Cycle;
        worker.Running = vm.StartNativeTask("worker " + worker.Name, cycleContext => RunCycle(cycleContext, worker, task, cycle));
        worker.Running.OnDone = done =>
        {
            // Stopped from outside (close_agent, the end of the run) before the cycle settled.
            if (worker.Cycle == cycle && worker.IsActive)
            {
                worker.Status = "cancelled";
                worker.FinishedAt = Worker.Now();
            }
        };
    }

    private static Value RunCycle(BuiltinContext context, Worker worker, string task, int cycle)
    {
        try
        {
            var result = worker.RunCycle(context, worker, task);
            if (worker.Cycle == cycle && worker.IsActive)
            {
                worker.Result = result;
                worker.FinishedAt = Worker.Now();
                worker.Status = worker.Retriggerable ? "awaiting" : "completed";
            }
        }
        catch (HarnRuntimeException error) when (!Stopping(context))
        {
            if (worker.Cycle == cycle && worker.IsActive)
            {
                worker.Error = AgentValues.Dict(
                    ("category", AgentValues.Str(Errors.Category(error.CatchValue))),
                    ("message", AgentValues.Str(AgentValues.Text(error.CatchValue))));
                worker.Status = "failed";
            }
        }
        finally
        {
            if (worker.Cycle == cycle)
            {
                worker.FinishedAt ??= Worker.Now();
                if (!Stopping(context))
                {
                    Persist(context, worker);
                }
            }
        }

        return Value.Nil;
    }

    private static bool Stopping(BuiltinContext context) =>
        context.CancellationToken.IsCancellationRequested || ConcurrencyHelpers.CurrentTask(context) is { CancelRequested: true };

    /// <summary>Writes the worker's snapshot to <c>.harn/workers/&lt;id&gt;.json</c> under the run's state directory.</summary>
    public static void Persist(BuiltinContext context, Worker worker)
    {
        worker.SnapshotPath ??= Path.Combine(StateRoot.Directory(context), "workers", worker.Id + ".json");
        StateRoot.Save(worker.SnapshotPath, worker.ToSnapshot(), context.CancellationToken);
    }

    /// <summary><c>wait_agent(handle_or_list)</c>: the handle(s) once every named worker's cycle is done.</summary>
    private static Value Wait(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var registry = Of(context);
        var target = Args.At(args, 0);
        var many = target.Kind == ValueKind.List;
        var workers = (many ? target.AsList.ToList() : [target]).Select(h => registry.Resolve(h, "wait_agent")).ToList();
        var vm = ConcurrencyHelpers.VmOf(context, "wait_agent");
        var current = vm.Scheduler.Current;
        if (workers.Any(w => w.Running is { } task && task == current))
        {
            throw RuntimeErrors.Runtime("Deadlock: a worker cannot wait for itself");
        }

        (bool, Value) Poll()
        {
            if (workers.Any(w => !w.IsSettled || w.Running is { State: not VmTaskState.Done }))
            {
                return (false, default);
            }

            foreach (var worker in workers)
            {
                Collect(vm, worker);
            }

            var handles = workers.Select(w => Value.FromDict(w.ToHandle()));
            return (true, many ? AgentValues.List(handles) : handles.First());
        }

        var signals = workers.Select(w => w.Changed).Concat(workers.Where(w => w.Running is not null).Select(w => w.Running!.Completed)).ToArray();
        return new VmWait(Poll, signals).NowOrPending();
    }

    /// <summary>Hands a finished cycle's buffered output to the caller.</summary>
    private static void Collect(Vm vm, Worker worker)
    {
        if (worker.Running is { State: VmTaskState.Done } task)
        {
            task.Awaited = true;
            vm.AppendOutput(task);
            worker.Running = null;
        }
    }

    /// <summary><c>send_input(handle, task)</c>: starts the next cycle of a settled worker on a new task, carrying its state.</summary>
    private static Value SendInput(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var worker = Of(context).Resolve(Args.At(args, 0), "send_input");
        var input = Args.At(args, 1);
        var task = input.Kind == ValueKind.String ? input.AsString
            : AgentValues.StringField(input, "task") ?? throw Args.Expected("send_input", "a task string", input);
        if (worker.IsActive)
        {
            throw RuntimeErrors.Thrown($"send_input: worker '{worker.Id}' is still {worker.Status}; wait_agent for it first");
        }

        if (worker.Status == "cancelled")
        {
            throw RuntimeErrors.Thrown($"send_input: worker '{worker.Id}' was closed");
        }

        Collect(ConcurrencyHelpers.VmOf(context, "send_input"), worker);
        StartCycle(context, worker, task);
        return Value.FromDict(worker.ToHandle());
    }

    /// <summary>
    /// <c>worker_trigger(handle, payload)</c>: starts the next cycle of a retriggerable worker that
    /// is <c>awaiting</c>, on the payload's <c>follow_up</c> (or <c>task</c>, or the payload itself).
    /// </summary>
    private static Value Trigger(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var worker = Of(context).Resolve(Args.At(args, 0), "worker_trigger");
        if (!worker.Retriggerable)
        {
            throw RuntimeErrors.Thrown($"worker_trigger: worker '{worker.Id}' is not retriggerable (start it with carry: {{retriggerable: true}})");
        }

        if (worker.Status != "awaiting")
        {
            throw RuntimeErrors.Thrown($"worker_trigger: worker '{worker.Id}' is {worker.Status}, not awaiting a trigger");
        }

        var payload = Args.At(args, 1);
        var task = payload.Kind == ValueKind.String ? payload.AsString
            : AgentValues.StringField(payload, "follow_up") ?? AgentValues.StringField(payload, "task") ?? AgentValues.Text(payload);
        Collect(ConcurrencyHelpers.VmOf(context, "worker_trigger"), worker);
        StartCycle(context, worker, task);
        return Value.FromDict(worker.ToHandle());
    }

    /// <summary><c>close_agent(handle)</c>: cancels a running cycle and marks the worker terminal (<c>cancelled</c>).</summary>
    private static Value Close(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var worker = Of(context).Resolve(Args.At(args, 0), "close_agent");
        var running = worker.Running;
        worker.Status = "cancelled";
        worker.FinishedAt ??= Worker.Now();
        if (running is { State: not VmTaskState.Done })
        {
            ConcurrencyHelpers.SchedulerOf(context, "close_agent").Abort(running);
        }

        worker.Running = null;
        Persist(context, worker);
        return Value.FromDict(worker.ToHandle());
    }
}
