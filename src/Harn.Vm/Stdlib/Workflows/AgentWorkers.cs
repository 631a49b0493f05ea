using Harn.Runtime;
using Harn.Stdlib.Agents;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Workflows;

/// <summary>
/// The delegated workers of one run. A worker is queued work with a handle: a single workflow
/// node (<c>stage</c> mode) or a whole graph (<c>workflow</c> mode). Its work runs when someone
/// waits for it (<c>wait_agent</c>), so workers run in the order they are awaited; after each
/// run the worker's snapshot is written under <c>.harn/workers/</c> so <c>resume_agent</c> can
/// bring it back. <c>send_input</c> queues another turn that continues (or, with
/// <c>carry.transcript_mode: "reset"</c>, restarts) the worker's conversation.
/// </summary>
internal sealed class AgentWorkers
{
    private static readonly RunLocal<AgentWorkers> Registries = new(() => new AgentWorkers());

    private readonly Dictionary<string, Worker> _workers = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public static AgentWorkers Of(BuiltinContext context) => Registries.Get(context);

    /// <summary>One worker: its handle fields and the work still to run, if any.</summary>
    public sealed class Worker(string id)
    {
        public string Id { get; } = id;

        public Rec Handle { get; } = new();

        /// <summary>The queued turn; runs once and returns the fields to merge into the handle.</summary>
        public Func<BuiltinContext, Rec, Value>? Pending { get; set; }

        public string Status => Handle.Str("status") ?? "running";
    }

    public Worker Add(Worker worker)
    {
        _workers[worker.Id] = worker;
        if (!_order.Contains(worker.Id))
        {
            _order.Add(worker.Id);
        }

        return worker;
    }

    /// <summary>True when <paramref name="handle"/> (a handle or an id) names one of these workers.</summary>
    public bool Owns(Value handle)
    {
        var id = handle.Kind == ValueKind.String ? handle.AsString : AgentValues.StringField(handle, "id");
        return id is not null && _workers.ContainsKey(id);
    }

    public Worker Find(Value handle, string function)
    {
        var id = handle.Kind == ValueKind.String ? handle.AsString : AgentValues.StringField(handle, "id");
        return id is not null && _workers.TryGetValue(id, out var worker)
            ? worker
            : throw RuntimeErrors.Thrown($"{function}: unknown agent {(id is null ? AgentValues.Text(handle) : id)}");
    }

    public IEnumerable<Worker> All => _order.Select(id => _workers[id]);

    /// <summary>Runs the worker's queued turn, if any; a failing turn leaves the worker failed with its error.</summary>
    public static Value Wait(BuiltinContext context, Worker worker)
    {
        if (worker.Pending is { } pending)
        {
            worker.Pending = null;
            try
            {
                var fields = pending(context, worker.Handle);
                foreach (var (key, value) in fields.AsDict)
                {
                    worker.Handle[key] = value;
                }
            }
            catch (HarnRuntimeException error)
            {
                worker.Handle["status"] = Rec.S("failed");
                worker.Handle["error"] = Rec.S(error.Message);
            }

            worker.Handle["updated_at"] = Rec.S(Rec.Now());
            WriteSnapshot(context, worker);
        }

        return worker.Handle.ToValue();
    }

    /// <summary>Writes the worker's handle as JSON; tools and other functions in it are left out.</summary>
    private static void WriteSnapshot(BuiltinContext context, Worker worker)
    {
        var relative = Path.Combine(".harn", "workers", worker.Id + ".json");
        worker.Handle["snapshot_path"] = Rec.S(relative);
        var full = HostPaths.Full(relative);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            Files.WriteAtomically(full, System.Text.Encoding.UTF8.GetBytes(JsonConversion.Stringify(Serializable(worker.Handle.ToValue()), pretty: true)), context.CancellationToken);
        }
        catch (Exception error) when (HostErrors.IsHostFailure(error))
        {
            throw HostErrors.Io($"agent worker {worker.Id}: failed to write its snapshot", error);
        }
    }

    /// <summary>The value without closures and builtins, which JSON cannot hold.</summary>
    public static Value Serializable(Value value) => value.Kind switch
    {
        ValueKind.Closure or ValueKind.Builtin => Value.Nil,
        ValueKind.Dict => Value.FromDict(HarnDict.FromEntries(value.AsDict
            .Where(e => e.Value.Kind is not (ValueKind.Closure or ValueKind.Builtin))
            .Select(e => new KeyValuePair<string, Value>(e.Key, Serializable(e.Value))))),
        ValueKind.List => AgentValues.List(value.AsList.AsSpan().ToArray().Select(Serializable)),
        _ => value,
    };
}
