using Harn.Runtime;
using static Harn.Stdlib.Concurrency.ConcurrencyHelpers;

namespace Harn.Stdlib.Concurrency;

/// <summary>
/// The <c>stream</c> namespace: lazy operators over any source (lists, channels, generators,
/// streams, iters) — map, filter, tap, scan, take, take_until, zip, merge, interleave, race,
/// broadcast, throttle, debounce — and the sinks collect, fold and first.
/// </summary>
internal static class StreamOperators
{
    public static void Register(BuiltinRegistry registry) =>
        registry.RegisterGlobal("stream", Value.FromHarnObject(new StreamNamespace()));

    private sealed class StreamNamespace : IHarnObject, IVmMethodTarget
    {
        public string TypeName => "module";

        public string Display() => "<module stream>";

        public Value InvokeMethod(BuiltinContext context, string name, ReadOnlySpan<Value> args)
        {
            var a0 = Args.At(args, 0);
            var a1 = Args.At(args, 1);
            var a2 = Args.At(args, 2);
            switch (name)
            {
                case "map":
                    return Map(Source(a0), (c, x) => (true, c.Invoke(a1, [x])));
                case "filter":
                    return Map(Source(a0), (c, x) => (Truthiness.IsTruthy(c.Invoke(a1, [x])), x));
                case "tap":
                    return Map(Source(a0), (c, x) =>
                    {
                        c.Invoke(a1, [x]);
                        return (true, x);
                    });
                case "scan":
                    {
                        var source = Source(a0);
                        var accumulator = a1;
                        return new OperatorStream(c =>
                        {
                            if (!source.TryPull(c, out var x))
                            {
                                return (false, default);
                            }

                            accumulator = c.Invoke(a2, [accumulator, x]);
                            return (true, accumulator);
                        }).ToValue();
                    }

                case "fold":
                    {
                        var source = Source(a0);
                        var accumulator = a1;
                        while (source.TryPull(context, out var x))
                        {
                            accumulator = context.Invoke(a2, [accumulator, x]);
                        }

                        return accumulator;
                    }

                case "collect":
                    return Collect(context, Source(a0), a1);
                case "first":
                    return Source(a0).TryPull(context, out var first) ? first : Value.Nil;
                case "take":
                    {
                        var source = Source(a0);
                        var left = a1.Kind == ValueKind.Int ? a1.AsInt : 0;
                        return new OperatorStream(c => left-- > 0 && source.TryPull(c, out var x) ? (true, x) : (false, default)).ToValue();
                    }

                case "take_until":
                    {
                        var source = Source(a0);
                        var stopped = false;
                        return new OperatorStream(c =>
                        {
                            if (stopped || !source.TryPull(c, out var x) || Truthiness.IsTruthy(c.Invoke(a1, [x])))
                            {
                                stopped = true;
                                return (false, default);
                            }

                            return (true, x);
                        }).ToValue();
                    }

                case "zip":
                    {
                        var left = Source(a0);
                        var right = Source(a1);
                        return new OperatorStream(c => left.TryPull(c, out var x) && right.TryPull(c, out var y) ? (true, HarnPair.Create(x, y)) : (false, default)).ToValue();
                    }

                case "merge" or "interleave":
                    return RoundRobin(Sources(args));
                case "race":
                    return Race(Sources(args));
                case "broadcast":
                    {
                        var items = Drain(context, Source(a0));
                        var copies = a1.Kind == ValueKind.Int ? (int)Math.Clamp(a1.AsInt, 0, 1024) : 2;
                        return List(Enumerable.Range(0, copies).Select(_ => FromList(items)));
                    }

                case "throttle":
                    return Throttle(Source(a0), Milliseconds(a1, 0));
                case "debounce":
                    return DebouncedStream.Over(Source(a0), Math.Max(0, Milliseconds(a1, 0)));
                default:
                    return Value.Nil;
            }
        }
    }

    /// <summary>A pull source over any streamable value.</summary>
    private static IHarnPullSource Source(Value value)
    {
        if (value.Ref is IHarnPullSource source)
        {
            return source;
        }

        var iterator = HarnIterator.ForIter(value) ?? throw RuntimeErrors.Type($"stream: expected a list, channel, stream or iter, got {TypeNames.Of(value)}");
        return new IteratorSource(iterator);
    }

    private static List<IHarnPullSource> Sources(ReadOnlySpan<Value> args)
    {
        var sources = new List<IHarnPullSource>(args.Length);
        foreach (var arg in args)
        {
            sources.Add(Source(arg));
        }

        return sources;
    }

    private static Value Map(IHarnPullSource source, Func<BuiltinContext, Value, (bool Keep, Value Item)> step) =>
        new OperatorStream(c =>
        {
            while (source.TryPull(c, out var x))
            {
                var (keep, item) = step(c, x);
                if (keep)
                {
                    return (true, item);
                }
            }

            return (false, default);
        }).ToValue();

    private static List<Value> Drain(BuiltinContext context, IHarnPullSource source)
    {
        var items = new List<Value>();
        while (source.TryPull(context, out var item))
        {
            items.Add(item);
        }

        return items;
    }

    private static Value FromList(List<Value> items)
    {
        var index = 0;
        return new OperatorStream(_ => index < items.Count ? (true, items[index++]) : (false, default)).ToValue();
    }

    private static Value Collect(BuiltinContext context, IHarnPullSource source, Value options)
    {
        var max = options.Kind == ValueKind.Int ? options.AsInt : Option(options, "max") is { Kind: ValueKind.Int } m ? m.AsInt : long.MaxValue;
        var items = new List<Value>();
        while (source.TryPull(context, out var item))
        {
            if (items.Count >= max)
            {
                throw HarnRuntimeException.Throw(Value.FromString($"stream.collect: more than {max} items"));
            }

            items.Add(item);
        }

        return Value.FromList(HarnList.Create(items));
    }

    /// <summary>Takes items from the sources in turn, skipping ones with nothing ready; waits on channels when none is ready.</summary>
    private static Value RoundRobin(List<IHarnPullSource> sources)
    {
        var live = new List<IHarnPullSource>(sources);
        var next = 0;
        return new OperatorStream(c =>
        {
            while (live.Count > 0)
            {
                for (var tried = 0; tried < live.Count; tried++)
                {
                    var index = (next + tried) % live.Count;
                    var source = live[index];
                    if (source is HarnChannel { Ready: false })
                    {
                        continue;
                    }

                    if (source.TryPull(c, out var item))
                    {
                        next = (index + 1) % live.Count;
                        return (true, item);
                    }

                    live.RemoveAt(index);
                    next = live.Count == 0 ? 0 : index % live.Count;
                    tried = -1;
                    if (live.Count == 0)
                    {
                        break;
                    }
                }

                if (live.Count > 0)
                {
                    WaitForChannels(c, live);
                }
            }

            return (false, default);
        }).ToValue();
    }

    /// <summary>The first source to produce an item wins; the stream then follows only that source.</summary>
    private static Value Race(List<IHarnPullSource> sources)
    {
        IHarnPullSource? winner = null;
        var live = new List<IHarnPullSource>(sources);
        return new OperatorStream(c =>
        {
            if (winner is not null)
            {
                return winner.TryPull(c, out var more) ? (true, more) : (false, default);
            }

            while (live.Count > 0)
            {
                foreach (var source in live.ToArray())
                {
                    if (source is HarnChannel { Ready: false })
                    {
                        continue;
                    }

                    if (source.TryPull(c, out var item))
                    {
                        winner = source;
                        return (true, item);
                    }

                    live.Remove(source);
                }

                if (live.Count > 0)
                {
                    WaitForChannels(c, live);
                }
            }

            return (false, default);
        }).ToValue();
    }

    private static void WaitForChannels(BuiltinContext context, List<IHarnPullSource> sources)
    {
        var channels = sources.OfType<HarnChannel>().ToArray();
        VmOf(context, "stream").WaitInPlace(new VmWait(() => (channels.Any(ch => ch.Ready), Value.Nil), channels.Select(ch => ch.Readable).ToArray()));
    }

    /// <summary>Passes the first item, then drops items arriving within <paramref name="intervalMs"/> of the last one passed.</summary>
    private static Value Throttle(IHarnPullSource source, long intervalMs)
    {
        long? lastMs = null;
        return new OperatorStream(c =>
        {
            while (source.TryPull(c, out var item))
            {
                var now = VmScheduler.Now;
                if (lastMs is null || now - lastMs.Value >= intervalMs)
                {
                    lastMs = now;
                    return (true, item);
                }
            }

            return (false, default);
        }).ToValue();
    }

    private sealed class IteratorSource(HarnIterator iterator) : IHarnPullSource
    {
        public bool TryPull(BuiltinContext context, out Value item) => iterator.MoveNext(context, out item);
    }
}
