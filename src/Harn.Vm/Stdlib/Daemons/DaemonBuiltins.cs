using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Daemons;

/// <summary>
/// The daemon wrappers: <c>daemon_spawn(config)</c>, <c>daemon_trigger(handle, event)</c>,
/// <c>daemon_snapshot(handle)</c>, <c>daemon_stop(handle)</c> and <c>daemon_resume(path)</c>
/// (see <see cref="AgentDaemon"/>). A handle is the dict <c>daemon_spawn</c> returns, or its id.
/// </summary>
internal static class DaemonBuiltins
{
    private sealed class RunDaemons
    {
        public Dictionary<string, AgentDaemon> ById { get; } = new(StringComparer.Ordinal);

        public int Next { get; set; }
    }

    private static readonly RunLocal<RunDaemons> State = new(() => new RunDaemons());

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("daemon_spawn", (ctx, args) =>
        {
            var config = Args.Dict(args, 0, "daemon_spawn");
            var daemon = AgentDaemon.Spawn(ctx, NextId(ctx, config.GetString("name")), config);
            State.Get(ctx).ById[daemon.Id] = daemon;
            return daemon.Handle();
        });
        registry.Register("daemon_resume", (ctx, args) =>
        {
            var daemon = AgentDaemon.Resume(ctx, NextId(ctx, null), Args.String(args, 0, "daemon_resume"));
            State.Get(ctx).ById[daemon.Id] = daemon;
            return daemon.Handle();
        });
        registry.Register("daemon_trigger", (ctx, args) =>
        {
            var daemon = Find(ctx, args, "daemon_trigger");
            daemon.Trigger(ctx, Args.At(args, 1));
            return daemon.Snapshot();
        });
        registry.Register("daemon_snapshot", (ctx, args) => Find(ctx, args, "daemon_snapshot").Snapshot());
        registry.Register("daemon_stop", (ctx, args) =>
        {
            var daemon = Find(ctx, args, "daemon_stop");
            daemon.Stop();
            return daemon.Handle();
        });
    }

    private static string NextId(BuiltinContext context, string? name)
    {
        var state = State.Get(context);
        state.Next++;
        return $"daemon_{state.Next}" + (name is null ? "" : "_" + name);
    }

    private static AgentDaemon Find(BuiltinContext context, ReadOnlySpan<Value> args, string function)
    {
        var handle = Args.At(args, 0);
        var id = handle.Kind switch
        {
            ValueKind.String => handle.AsString,
            ValueKind.Dict when handle.AsDict.GetString("id") is { } given => given,
            _ => throw Args.Expected(function, "a daemon handle", handle),
        };
        return State.Get(context).ById.TryGetValue(id, out var daemon)
            ? daemon
            : throw RuntimeErrors.Thrown($"{function}: unknown daemon '{id}'");
    }
}
