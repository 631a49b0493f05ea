using Harn.Runtime;

namespace Harn.Hooks;

/// <summary>
/// Hands the items of a generator, stream or iter result to the host one at a time, while the
/// run is still live (so cancellation and deadlines apply to the body producing them).
/// </summary>
internal static class ResultStreaming
{
    /// <summary>Pulls items into <paramref name="sink"/> until the source ends or the sink says stop; the run's value is then nil.</summary>
    public static Value Drain(BuiltinContext context, Value result, Func<Value, bool> sink)
    {
        switch (result.Kind)
        {
            case ValueKind.Iter:
                var iter = result.As<HarnIter>();
                while (iter.TryNext(context, out var next))
                {
                    if (!sink(next))
                    {
                        break;
                    }
                }

                return Value.Nil;
            case ValueKind.Generator or ValueKind.Stream when result.Ref is IHarnPullSource source:
                while (source.TryPull(context, out var item))
                {
                    if (!sink(item))
                    {
                        break;
                    }
                }

                return Value.Nil;
            default:
                return result;
        }
    }
}
