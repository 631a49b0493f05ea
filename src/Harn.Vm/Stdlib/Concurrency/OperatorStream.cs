using Harn.Runtime;

namespace Harn.Stdlib.Concurrency;

/// <summary>A lazy stream built by the <c>stream.*</c> operators: each pull asks <c>pull</c> for the next item.</summary>
internal sealed class OperatorStream(Func<BuiltinContext, (bool More, Value Item)> pull) : IHarnObject, IHarnPullSource, IVmMethodTarget
{
    private bool _done;

    public string TypeName => "stream";

    public string Display() => _done ? "<stream (done)>" : "<stream>";

    public Value ToValue() => Value.FromObject(ValueKind.Stream, this);

    public bool TryPull(BuiltinContext context, out Value item)
    {
        if (_done)
        {
            item = default;
            return false;
        }

        try
        {
            var (more, next) = pull(context);
            _done = !more;
            item = more ? next : default;
            return more;
        }
        catch
        {
            _done = true;
            throw;
        }
    }

    public Value InvokeMethod(BuiltinContext context, string name, ReadOnlySpan<Value> args) => name switch
    {
        "next" => TryPull(context, out var item)
            ? ConcurrencyHelpers.Dict(("done", Value.False), ("value", item))
            : ConcurrencyHelpers.Dict(("done", Value.True), ("value", Value.Nil)),
        "iter" => HarnIter.Lift(ToValue()),
        _ => Value.Nil,
    };
}
