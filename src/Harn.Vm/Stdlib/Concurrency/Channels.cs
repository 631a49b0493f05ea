using Harn.Runtime;
using static Harn.Stdlib.Concurrency.ConcurrencyHelpers;

namespace Harn.Stdlib.Concurrency;

/// <summary>Channels (<c>channel</c>, <c>send</c>, <c>receive</c>, ...) and selection over several of them.</summary>
internal static class Channels
{
    private const int DefaultCapacity = 256;

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("channel", Create);
        registry.Register("send", Send);
        registry.Register("receive", Receive);
        registry.Register("try_receive", (_, args) => Channel(args, "try_receive").TryReceive(out var item) ? item : Value.Nil);
        registry.Register("close_channel", (_, args) =>
        {
            Channel(args, "close_channel").Close();
            return Value.Nil;
        });
        registry.Register("select", (_, args) => Select(args.ToArray(), long.MaxValue, timeoutResult: null));
        registry.Register("__select_list", (_, args) => Select(ChannelList(args, "select"), long.MaxValue, timeoutResult: null));
        registry.Register("__select_timeout", (_, args) => Select(ChannelList(args, "select"), DueIn(Math.Max(0, Milliseconds(Args.At(args, 1), 0))), Missed()));
        registry.Register("__select_try", (_, args) => Select(ChannelList(args, "select"), 0, Missed()));
        registry.Register("channel_select", (_, args) =>
        {
            var timeout = Args.At(args, 1);
            return Select(ChannelList(args, "channel_select"), timeout.IsNil ? long.MaxValue : DueIn(Math.Max(0, Milliseconds(timeout, 0))), Value.Nil);
        });
    }

    public static HarnChannel Channel(ReadOnlySpan<Value> args, string function) =>
        Args.At(args, 0).Ref as HarnChannel ?? throw RuntimeErrors.Type($"{function}: first argument must be a channel");

    private static Value Create(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var first = Args.At(args, 0);
        var name = first.Kind == ValueKind.String ? first.AsString : "default";
        var capacityArg = first.Kind == ValueKind.Int ? first : Args.At(args, 1);
        var capacity = capacityArg.Kind == ValueKind.Int ? (int)Math.Clamp(capacityArg.AsInt, 1, int.MaxValue) : DefaultCapacity;
        return Value.FromObject(ValueKind.Channel, new HarnChannel(name, capacity));
    }

    private static Value Send(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var channel = Channel(args, "send");
        var item = Args.At(args, 1);
        if (channel.Closed)
        {
            return Value.False;
        }

        var wait = new VmWait(() => channel.Closed ? (true, Value.False) : channel.TrySend(item) ? (true, Value.True) : (false, default), [channel.Writable]);
        return wait.NowOrPending();
    }

    private static Value Receive(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var channel = Channel(args, "receive");
        return channel.ReceiveWait(() => channel.TryReceive(out var item) ? item : Value.Nil).NowOrPending();
    }

    private static Value[] ChannelList(ReadOnlySpan<Value> args, string function)
    {
        var list = Args.At(args, 0);
        if (list.Kind != ValueKind.List)
        {
            throw RuntimeErrors.Type($"{function}: expected a list of channels, got {TypeNames.Of(list)}");
        }

        return list.AsList.ToArray();
    }

    private static Value Missed() => Dict(("channel", Value.Nil), ("index", Value.FromInt(-1)), ("value", Value.Nil));

    /// <summary>
    /// Waits until one of <paramref name="candidates"/> has an item (first ready in list order
    /// wins) and answers <c>{index, value, channel}</c>; when every channel is closed and drained,
    /// or <paramref name="dueMs"/> passes, answers <paramref name="timeoutResult"/> (index -1 when null).
    /// </summary>
    private static Value Select(Value[] candidates, long dueMs, Value? timeoutResult)
    {
        var channels = candidates.Select(c => c.Ref as HarnChannel ?? throw RuntimeErrors.Type("select: expected channels, got " + TypeNames.Of(c))).ToArray();
        var missed = timeoutResult ?? Missed();
        (bool, Value) Poll()
        {
            for (var i = 0; i < channels.Length; i++)
            {
                if (channels[i].TryReceive(out var item))
                {
                    return (true, Dict(("channel", Value.FromString(channels[i].Name)), ("index", Value.FromInt(i)), ("value", item)));
                }
            }

            return channels.All(c => c.Closed) ? (true, missed) : (false, default);
        }

        var wait = new VmWait(Poll, channels.Select(c => c.Readable).ToArray(), dueMs, () => missed);
        return wait.NowOrPending();
    }
}
