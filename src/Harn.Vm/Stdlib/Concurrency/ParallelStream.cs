using Harn.Runtime;
using static Harn.Stdlib.Concurrency.ConcurrencyHelpers;

namespace Harn.Stdlib.Concurrency;

/// <summary>
/// <c>parallel each ... as stream</c>: yields each child's result as soon as it finishes
/// (completion order). A child's error is raised at the pull that reaches it and stops the rest.
/// </summary>
internal sealed class ParallelStream : IHarnObject, IHarnPullSource, IVmWaitableSource, IVmMethodTarget
{
    private readonly Vm _vm;
    private readonly ParallelGroup _group;
    private bool _failed;

    public ParallelStream(Vm vm, ParallelGroup group)
    {
        _vm = vm;
        _group = group;
    }

    public string TypeName => "stream";

    public string Display() => "<stream>";

    public VmSuspension? WaitForItem() =>
        _failed || _group.Finished.Count > 0 || _group.AllDone || _group.Stopped ? null : new VmWait(() => (_group.Finished.Count > 0 || _group.AllDone, Value.Nil), [_group.Changed]);

    public bool TryPull(BuiltinContext context, out Value item)
    {
        while (true)
        {
            if (_failed || _group.Stopped && _group.Finished.Count == 0)
            {
                item = default;
                return false;
            }

            if (_group.Finished.TryDequeue(out var index))
            {
                var task = _group.Tasks[index]!;
                if (task.Error is not null && !task.Aborted)
                {
                    _failed = true;
                    _group.Stop();
                }

                item = Tasks.Collect(_vm, task);
                return true;
            }

            if (_group.AllDone)
            {
                item = default;
                return false;
            }

            _vm.WaitInPlace(WaitForItem()!);
        }
    }

    public Value InvokeMethod(BuiltinContext context, string name, ReadOnlySpan<Value> args)
    {
        switch (name)
        {
            case "next":
                {
                    var more = TryPull(context, out var item);
                    return Dict(("done", Value.FromBool(!more)), ("value", item));
                }

            case "iter":
                return HarnIter.Lift(Value.FromObject(ValueKind.Stream, this));
            default:
                return Value.Nil;
        }
    }
}
