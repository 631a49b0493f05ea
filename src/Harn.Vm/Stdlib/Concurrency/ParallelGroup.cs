using Harn.Runtime;

namespace Harn.Stdlib.Concurrency;

/// <summary>
/// The child tasks of one parallel operation: started up to a concurrency cap, each on one
/// input, finishing in any order. Keeps them in input order and in completion order.
/// </summary>
internal sealed class ParallelGroup
{
    private readonly Vm _vm;
    private readonly Value[] _inputs;
    private readonly Value _body;
    private readonly int _cap;
    private readonly string _taskName;
    private readonly string _groupId;
    private readonly VmTask? _parent;
    private int _started;
    private int _running;

    public ParallelGroup(Vm vm, Value[] inputs, Value body, int cap, string taskName, string groupId)
    {
        _vm = vm;
        _inputs = inputs;
        _body = body;
        _cap = cap <= 0 ? int.MaxValue : cap;
        _taskName = taskName;
        _groupId = groupId;
        _parent = vm.Scheduler.Current;
        Tasks = new VmTask?[inputs.Length];
    }

    /// <summary>The children in input order (null until started).</summary>
    public VmTask?[] Tasks { get; }

    /// <summary>Indexes of finished children, in the order they finished.</summary>
    public Queue<int> Finished { get; } = new();

    public int DoneCount { get; private set; }

    public bool AllDone => DoneCount == _inputs.Length;

    /// <summary>Woken whenever a child finishes.</summary>
    public VmSignal Changed { get; } = new();

    /// <summary>Set once the group is given up (a stream consumer failed or stopped): nothing new starts.</summary>
    public bool Stopped { get; private set; }

    public void Start()
    {
        while (_running < _cap && _started < _inputs.Length && !Stopped)
        {
            var index = _started++;
            _running++;
            var task = _vm.StartTask(_body, [_inputs[index]], _taskName, _groupId, _parent);
            task.OnDone = _ => OnChildDone(index);
            Tasks[index] = task;
        }
    }

    /// <summary>Aborts every child still running and starts no more.</summary>
    public void Stop()
    {
        Stopped = true;
        foreach (var task in Tasks)
        {
            if (task is not null)
            {
                _vm.Scheduler.Abort(task);
            }
        }
    }

    private void OnChildDone(int index)
    {
        _running--;
        DoneCount++;
        Finished.Enqueue(index);
        Start();
        Changed.NotifyAll();
    }
}
