using Harn.Runtime;
using static Harn.Stdlib.Concurrency.ConcurrencyHelpers;

namespace Harn.Stdlib.Concurrency;

/// <summary>
/// Actor mailboxes: named bounded inboxes (<c>mailbox_open</c>, <c>mailbox_send</c>,
/// <c>mailbox_receive</c>, ...) found by name from any task of the run.
/// </summary>
internal static class Mailboxes
{
    private const int DefaultCapacity = 256;

    private static readonly RunLocal<Dictionary<string, Mailbox>> Registries = new(() => new(StringComparer.Ordinal));

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("mailbox_open", Open);
        registry.Register("mailbox_lookup", (context, args) => Find(context, Args.At(args, 0)) is { } mailbox ? Value.FromHarnObject(mailbox) : Value.Nil);
        registry.Register("mailbox_send", (context, args) =>
        {
            var mailbox = Find(context, Args.At(args, 0));
            if (mailbox is null)
            {
                return Value.False;
            }

            var sent = mailbox.Channel.TrySend(Args.At(args, 1));
            if (sent)
            {
                mailbox.Sent++;
            }
            else
            {
                mailbox.FailedSends++;
            }

            return Value.FromBool(sent);
        });
        registry.Register("mailbox_receive", (context, args) =>
        {
            var mailbox = Find(context, Args.At(args, 0)) ?? throw RuntimeErrors.Runtime("mailbox_receive: no such mailbox");
            return mailbox.Channel.ReceiveWait(() => mailbox.Take()).NowOrPending();
        });
        registry.Register("mailbox_try_receive", (context, args) => Find(context, Args.At(args, 0))?.Take() ?? Value.Nil);
        registry.Register("mailbox_close", (context, args) =>
        {
            Find(context, Args.At(args, 0))?.Channel.Close();
            return Value.Nil;
        });
        registry.Register("mailbox_metrics", (context, args) =>
        {
            var mailbox = Find(context, Args.At(args, 0));
            return mailbox is null ? Value.Nil : Dict(
                ("capacity", Value.FromInt(mailbox.Channel.Capacity)),
                ("closed", Value.FromBool(mailbox.Channel.Closed)),
                ("depth", Value.FromInt(mailbox.Channel.Count)),
                ("failed_send_count", Value.FromInt(mailbox.FailedSends)),
                ("name", Value.FromString(mailbox.Name)),
                ("received_count", Value.FromInt(mailbox.Received)),
                ("sent_count", Value.FromInt(mailbox.Sent)));
        });
    }

    private static Value Open(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var first = Args.At(args, 0);
        var name = first.Kind == ValueKind.String ? first.AsString : Option(first, "name") is { Kind: ValueKind.String } n ? n.AsString
            : throw RuntimeErrors.Type("mailbox_open: expected a name or {name, capacity} options");
        var capacityValue = first.Kind == ValueKind.Dict ? Option(first, "capacity") : Args.At(args, 1);
        var capacity = capacityValue.Kind == ValueKind.Int ? (int)Math.Clamp(capacityValue.AsInt, 1, int.MaxValue) : DefaultCapacity;
        var registry = Registries.Get(context);
        if (!registry.TryGetValue(name, out var mailbox) || mailbox.Channel.Closed)
        {
            mailbox = new Mailbox(name, capacity);
            registry[name] = mailbox;
        }

        return Value.FromHarnObject(mailbox);
    }

    private static Mailbox? Find(BuiltinContext context, Value target) => target.Ref switch
    {
        Mailbox mailbox => mailbox,
        string name when Registries.Get(context).TryGetValue(name, out var found) => found,
        _ => null,
    };

    private sealed class Mailbox(string name, int capacity) : IHarnObject
    {
        public string Name { get; } = name;

        public HarnChannel Channel { get; } = new(name, capacity);

        public long Sent { get; set; }

        public long Received { get; set; }

        public long FailedSends { get; set; }

        public string TypeName => "mailbox";

        public string Display() => $"<mailbox:{Name}>";

        public Value Take()
        {
            if (!Channel.TryReceive(out var item))
            {
                return Value.Nil;
            }

            Received++;
            return item;
        }
    }
}
