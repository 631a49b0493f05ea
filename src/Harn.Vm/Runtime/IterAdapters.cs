namespace Harn.Runtime;

/// <summary>The lazy adapters behind iter combinators. Each pulls from an upstream iterator on demand.</summary>
public static class IterAdapters
{
    public static HarnIterator Map(HarnIterator source, Value fn) => new MapIterator(source, fn);

    public static HarnIterator Filter(HarnIterator source, Value fn) => new FilterIterator(source, fn);

    public static HarnIterator Tap(HarnIterator source, Value fn) => new TapIterator(source, fn);

    public static HarnIterator FlatMap(HarnIterator source, Value fn) => new FlatMapIterator(source, fn);

    public static HarnIterator Take(HarnIterator source, long count) => new TakeIterator(source, count);

    public static HarnIterator Skip(HarnIterator source, long count) => new SkipIterator(source, count);

    public static HarnIterator TakeWhile(HarnIterator source, Value fn) => new TakeWhileIterator(source, fn);

    public static HarnIterator SkipWhile(HarnIterator source, Value fn) => new SkipWhileIterator(source, fn);

    public static HarnIterator Zip(HarnIterator left, HarnIterator right) => new ZipIterator(left, right);

    public static HarnIterator Enumerate(HarnIterator source) => new EnumerateIterator(source);

    public static HarnIterator Chain(HarnIterator first, HarnIterator second) => new ChainIterator(first, second);

    public static HarnIterator Chunks(HarnIterator source, int size) => new ChunksIterator(source, size);

    public static HarnIterator Windows(HarnIterator source, int size) => new WindowsIterator(source, size);

    public static HarnIterator Scan(HarnIterator source, Value initial, Value fn) => new ScanIterator(source, initial, fn);

    private static Value Call(BuiltinContext context, Value fn, Value arg) => context.Invoke(fn, [arg]);

    private sealed class MapIterator(HarnIterator source, Value fn) : HarnIterator
    {
        public override bool MoveNext(BuiltinContext context, out Value item)
        {
            if (source.MoveNext(context, out var raw))
            {
                item = Call(context, fn, raw);
                return true;
            }

            item = Value.Nil;
            return false;
        }
    }

    private sealed class FilterIterator(HarnIterator source, Value fn) : HarnIterator
    {
        public override bool MoveNext(BuiltinContext context, out Value item)
        {
            while (source.MoveNext(context, out item))
            {
                if (Truthiness.IsTruthy(Call(context, fn, item)))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private sealed class TapIterator(HarnIterator source, Value fn) : HarnIterator
    {
        public override bool MoveNext(BuiltinContext context, out Value item)
        {
            if (source.MoveNext(context, out item))
            {
                Call(context, fn, item);
                return true;
            }

            return false;
        }
    }

    private sealed class FlatMapIterator(HarnIterator source, Value fn) : HarnIterator
    {
        private HarnIterator? _inner;

        public override bool MoveNext(BuiltinContext context, out Value item)
        {
            while (true)
            {
                if (_inner is not null && _inner.MoveNext(context, out item))
                {
                    return true;
                }

                if (!source.MoveNext(context, out var raw))
                {
                    _inner = null;
                    item = Value.Nil;
                    return false;
                }

                var mapped = Call(context, fn, raw);
                // A non-iterable result is yielded as a single item.
                _inner = HarnIterator.ForIter(mapped) ?? new SingleIterator(mapped);
            }
        }
    }

    private sealed class SingleIterator(Value value) : HarnIterator
    {
        private bool _done;

        public override bool MoveNext(BuiltinContext context, out Value item)
        {
            item = _done ? Value.Nil : value;
            var had = !_done;
            _done = true;
            return had;
        }
    }

    private sealed class TakeIterator(HarnIterator source, long count) : HarnIterator
    {
        private long _remaining = count;

        public override bool MoveNext(BuiltinContext context, out Value item)
        {
            if (_remaining > 0 && source.MoveNext(context, out item))
            {
                _remaining--;
                return true;
            }

            _remaining = 0;
            item = Value.Nil;
            return false;
        }
    }

    private sealed class SkipIterator(HarnIterator source, long count) : HarnIterator
    {
        private long _toSkip = count;

        public override bool MoveNext(BuiltinContext context, out Value item)
        {
            while (_toSkip > 0)
            {
                _toSkip--;
                if (!source.MoveNext(context, out item))
                {
                    _toSkip = 0;
                    return false;
                }
            }

            return source.MoveNext(context, out item);
        }
    }

    private sealed class TakeWhileIterator(HarnIterator source, Value fn) : HarnIterator
    {
        private bool _done;

        public override bool MoveNext(BuiltinContext context, out Value item)
        {
            if (!_done && source.MoveNext(context, out item) && Truthiness.IsTruthy(Call(context, fn, item)))
            {
                return true;
            }

            _done = true;
            item = Value.Nil;
            return false;
        }
    }

    private sealed class SkipWhileIterator(HarnIterator source, Value fn) : HarnIterator
    {
        private bool _skipping = true;

        public override bool MoveNext(BuiltinContext context, out Value item)
        {
            while (source.MoveNext(context, out item))
            {
                if (_skipping && Truthiness.IsTruthy(Call(context, fn, item)))
                {
                    continue;
                }

                _skipping = false;
                return true;
            }

            return false;
        }
    }

    private sealed class ZipIterator(HarnIterator left, HarnIterator right) : HarnIterator
    {
        public override bool MoveNext(BuiltinContext context, out Value item)
        {
            if (left.MoveNext(context, out var a) && right.MoveNext(context, out var b))
            {
                item = HarnPair.Create(a, b);
                return true;
            }

            item = Value.Nil;
            return false;
        }
    }

    private sealed class EnumerateIterator(HarnIterator source) : HarnIterator
    {
        private long _index;

        public override bool MoveNext(BuiltinContext context, out Value item)
        {
            if (source.MoveNext(context, out var raw))
            {
                item = HarnPair.Create(Value.FromInt(_index++), raw);
                return true;
            }

            item = Value.Nil;
            return false;
        }
    }

    private sealed class ChainIterator(HarnIterator first, HarnIterator second) : HarnIterator
    {
        private bool _onSecond;

        public override bool MoveNext(BuiltinContext context, out Value item)
        {
            if (!_onSecond)
            {
                if (first.MoveNext(context, out item))
                {
                    return true;
                }

                _onSecond = true;
            }

            return second.MoveNext(context, out item);
        }
    }

    private sealed class ChunksIterator(HarnIterator source, int size) : HarnIterator
    {
        public override bool MoveNext(BuiltinContext context, out Value item)
        {
            var chunk = new List<Value>(Math.Min(size, 64));
            while (chunk.Count < size && source.MoveNext(context, out var raw))
            {
                chunk.Add(raw);
            }

            item = chunk.Count > 0 ? Value.FromList(HarnList.Create(chunk)) : Value.Nil;
            return chunk.Count > 0;
        }
    }

    private sealed class WindowsIterator(HarnIterator source, int size) : HarnIterator
    {
        private readonly Queue<Value> _window = new();

        public override bool MoveNext(BuiltinContext context, out Value item)
        {
            if (_window.Count == size)
            {
                _window.Dequeue();
            }

            while (_window.Count < size)
            {
                if (!source.MoveNext(context, out var raw))
                {
                    item = Value.Nil;
                    return false;
                }

                _window.Enqueue(raw);
            }

            item = Value.FromList(HarnList.Create(_window));
            return true;
        }
    }

    private sealed class ScanIterator(HarnIterator source, Value initial, Value fn) : HarnIterator
    {
        private Value _accumulator = initial;

        public override bool MoveNext(BuiltinContext context, out Value item)
        {
            if (source.MoveNext(context, out var raw))
            {
                _accumulator = context.Invoke(fn, [_accumulator, raw]);
                item = _accumulator;
                return true;
            }

            item = Value.Nil;
            return false;
        }
    }
}
