using Harn.Runtime;
using Harn.Stdlib.Agents;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Daemons;

/// <summary>
/// One daemon-mode agent: its configuration, its transcript, a bounded FIFO of trigger events,
/// and the event it is working on. The daemon is driven cooperatively: it takes its first turn
/// when spawned and works through its queue whenever an event arrives, one <c>agent_loop</c>
/// turn per event over the same transcript, and idles in between. Every change is written to
/// <c>daemon.json</c> under <c>persist_path</c> before it is acted on, so a stop (or a crash)
/// mid-event leaves the event in flight, and resuming replays it first.
/// </summary>
internal sealed class AgentDaemon
{
    public const string StateFile = "daemon.json";
    private const int DefaultQueueCapacity = 1024;

    /// <summary>Keys that configure the daemon itself rather than each of its agent turns.</summary>
    private static readonly HashSet<string> DaemonKeys = new(StringComparer.Ordinal)
    {
        "name", "task", "system", "persist_path", "event_queue_capacity", "daemon", "persistent",
        "wake_interval_ms", "watch_paths", "idle_watchdog_attempts", "consolidate_on_idle",
    };

    private readonly List<Value> _queue = [];

    private AgentDaemon(string id, HarnDict config, string? directory)
    {
        Id = id;
        Config = config;
        Directory = directory;
    }

    public string Id { get; }

    public HarnDict Config { get; }

    public string Name => Config.GetString("name") ?? Id;

    public string? Directory { get; }

    public string Status { get; private set; } = "running";

    public string DaemonState { get; private set; } = "idle";

    public long TotalIterations { get; private set; }

    public HarnDict Transcript { get; private set; } = Agents.Transcript.Create(Value.Nil);

    public Value Inflight { get; private set; } = Value.Nil;

    public int Capacity => (int)Math.Clamp(Config.GetInt("event_queue_capacity") ?? DefaultQueueCapacity, 0, int.MaxValue);

    public static AgentDaemon Spawn(BuiltinContext context, string id, HarnDict config)
    {
        var directory = config.GetString("persist_path") is { } path ? RuntimePaths.Resolve(context, path) : null;
        var daemon = new AgentDaemon(id, config, directory);
        daemon.Persist();
        if (config.Get("task", Value.Nil) is { Kind: ValueKind.String } task && task.AsString.Length > 0)
        {
            daemon.Turn(context, task);
        }

        return daemon;
    }

    /// <summary>Loads a daemon from its state directory; an event that was in flight goes back to the front of the queue.</summary>
    public static AgentDaemon Resume(BuiltinContext context, string id, string path)
    {
        var directory = RuntimePaths.Resolve(context, path);
        var file = Path.Combine(directory, StateFile);
        string text;
        try
        {
            text = File.ReadAllText(HostPaths.Full(file));
        }
        catch (Exception error) when (HostErrors.IsHostFailure(error))
        {
            throw HostErrors.Io($"daemon_resume: cannot read daemon state {file}", error);
        }

        if (!JsonConversion.TryParse(text, out var saved) || saved.Kind != ValueKind.Dict || saved.AsDict.GetString("_type") != "daemon_state")
        {
            throw RuntimeErrors.Thrown($"daemon_resume: {file} is not a daemon state file");
        }

        var state = saved.AsDict;
        var config = (state.GetDict("config") ?? HarnDict.Empty).With("persist_path", Value.FromString(directory));
        var daemon = new AgentDaemon(id, config, directory)
        {
            TotalIterations = state.GetInt("total_iterations") ?? 0,
            Transcript = state.GetDict("transcript") ?? Agents.Transcript.Create(Value.Nil),
        };
        if (state.Get("inflight_event", Value.Nil) is { IsNil: false } inflight)
        {
            daemon._queue.Add(inflight);
        }

        if (state.Get("pending_events", Value.Nil) is { Kind: ValueKind.List } pending)
        {
            daemon._queue.AddRange(pending.AsList);
        }

        daemon.Persist();
        daemon.Drain(context);
        return daemon;
    }

    /// <summary>Queues an event (durably) and works through the queue.</summary>
    public void Trigger(BuiltinContext context, Value trigger)
    {
        if (Status != "running")
        {
            throw RuntimeErrors.Thrown($"daemon_trigger: daemon '{Name}' is {Status}");
        }

        if (_queue.Count >= Capacity)
        {
            throw HarnRuntimeException.Throw(AgentValues.Dict(
                ("type", Value.FromString("DaemonQueueFull")),
                ("message", Value.FromString($"daemon_trigger: event queue of daemon '{Name}' is full (capacity {Capacity})")),
                ("daemon", Value.FromString(Name)),
                ("capacity", Value.FromInt(Capacity))));
        }

        _queue.Add(trigger);
        Persist();
        Drain(context);
    }

    public void Stop()
    {
        Status = "stopped";
        DaemonState = "stopped";
        Persist();
    }

    private void Drain(BuiltinContext context)
    {
        while (Status == "running" && _queue.Count > 0)
        {
            Inflight = _queue[0];
            _queue.RemoveAt(0);
            Persist();
            Turn(context, Value.FromString("[daemon trigger] " + JsonConversion.Stringify(Inflight)));
            Inflight = Value.Nil;
            Persist();
        }
    }

    /// <summary>One agent turn over the daemon's transcript; the daemon is active during it and idle after.</summary>
    private void Turn(BuiltinContext context, Value prompt)
    {
        DaemonState = "active";
        var options = HarnDict.Empty;
        foreach (var (key, value) in Config)
        {
            if (!DaemonKeys.Contains(key))
            {
                options = options.With(key, value);
            }
        }

        options = options.With("transcript", Value.FromDict(Transcript));
        if (!RunBuiltins.Of(context, StandardLibrary.Base).TryGet("agent_loop", out var agentLoop))
        {
            throw RuntimeErrors.Runtime("daemon: agent_loop is not available in this runtime");
        }

        try
        {
            var result = context.Invoke(Value.FromObject(ValueKind.Builtin, agentLoop), [prompt, Config.Get("system", Value.Nil), Value.FromDict(options)]);
            if (AgentValues.Field(result, "transcript") is { Kind: ValueKind.Dict } transcript)
            {
                Transcript = transcript.AsDict;
            }

            TotalIterations += AgentValues.IntField(AgentValues.Field(result, "llm"), "iterations", 0);
        }
        finally
        {
            DaemonState = Status == "running" ? "idle" : Status;
        }
    }

    public Value Snapshot() => AgentValues.Dict(
        ("_type", Value.FromString("daemon_snapshot")),
        ("id", Value.FromString(Id)),
        ("name", Value.FromString(Name)),
        ("status", Value.FromString(Status)),
        ("daemon_state", Value.FromString(DaemonState)),
        ("total_iterations", Value.FromInt(TotalIterations)),
        ("recorded_messages", Value.FromList(Agents.Transcript.Messages(Value.FromDict(Transcript)))),
        ("transcript", Value.FromDict(Transcript)),
        ("pending_events", Value.FromList(HarnList.Create(_queue))),
        ("inflight_event", Inflight),
        ("queued_event_count", Value.FromInt(_queue.Count)),
        ("pending_event_count", Value.FromInt(_queue.Count)),
        ("event_queue_capacity", Value.FromInt(Capacity)),
        ("persist_path", HostValues.Str(Directory)));

    /// <summary>The handle scripts hold: <c>{_type: "daemon", id, name, status, persist_path}</c>.</summary>
    public Value Handle() => AgentValues.Dict(
        ("_type", Value.FromString("daemon")),
        ("id", Value.FromString(Id)),
        ("name", Value.FromString(Name)),
        ("status", Value.FromString(Status)),
        ("persist_path", HostValues.Str(Directory)));

    private void Persist()
    {
        if (Directory is null)
        {
            return;
        }

        var state = AgentValues.Dict(
            ("_type", Value.FromString("daemon_state")),
            ("name", Value.FromString(Name)),
            ("status", Value.FromString(Status)),
            ("daemon_state", Value.FromString(DaemonState)),
            ("total_iterations", Value.FromInt(TotalIterations)),
            ("config", Value.FromDict(Storable(Config))),
            ("transcript", Value.FromDict(Transcript)),
            ("pending_events", Value.FromList(HarnList.Create(_queue))),
            ("inflight_event", Inflight));
        try
        {
            System.IO.Directory.CreateDirectory(HostPaths.Full(Directory));
            var file = Path.Combine(Directory, StateFile);
            var temporary = file + ".tmp";
            File.WriteAllText(temporary, JsonConversion.Stringify(state, pretty: true));
            File.Move(temporary, file, overwrite: true);
        }
        catch (Exception error) when (HostErrors.IsHostFailure(error))
        {
            throw HostErrors.Io($"daemon: cannot write daemon state under {Directory}", error);
        }
    }

    /// <summary>The configuration without what JSON cannot hold (tool handlers, callbacks).</summary>
    private static HarnDict Storable(HarnDict config)
    {
        var storable = HarnDict.Empty;
        foreach (var (key, value) in config)
        {
            if (IsPlainData(value))
            {
                storable = storable.With(key, value);
            }
        }

        return storable;
    }

    private static bool IsPlainData(Value value) => value.Kind switch
    {
        ValueKind.Nil or ValueKind.Bool or ValueKind.Int or ValueKind.Float or ValueKind.String => true,
        ValueKind.List => value.AsList.All(IsPlainData),
        ValueKind.Dict => value.AsDict.All(pair => IsPlainData(pair.Value)),
        _ => false,
    };
}
