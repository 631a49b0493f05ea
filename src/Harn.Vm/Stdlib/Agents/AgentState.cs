using System.Text;
using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Agents;

/// <summary>
/// Durable session-scoped state (<c>std/agent_state</c>): string values under relative keys in
/// <c>&lt;root&gt;/&lt;session_id&gt;/state/</c>, with <c>session.json</c> beside it recording who wrote each
/// key last. A handle is <c>{_type: "state_handle", root, session_id, writer_id, conflict_policy}</c>;
/// with <c>conflict_policy: "error"</c> a write over another writer's key fails.
/// </summary>
internal static class AgentState
{
    public const string HandoffKey = "__handoff.json";

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("agent_state_init", (context, args) =>
        {
            var root = Args.String(args, 0, "agent_state_init");
            var options = Args.At(args, 1);
            var session = AgentValues.StringField(options, "session_id") ?? AgentIds.NewUuid();
            Directory.CreateDirectory(StateDirectory(root, session));
            var meta = SessionFile(root, session);
            if (!File.Exists(meta))
            {
                WriteJson(context, meta, AgentValues.Dict(("session_id", AgentValues.Str(session)), ("writers", Value.FromDict(HarnDict.Empty))));
            }

            return Handle(root, session, options);
        });
        registry.Register("agent_state_resume", (_, args) =>
        {
            var root = Args.String(args, 0, "agent_state_resume");
            var session = Args.String(args, 1, "agent_state_resume");
            if (!Directory.Exists(StateDirectory(root, session)))
            {
                throw RuntimeErrors.Thrown($"agent_state_resume: no agent state session '{session}' under {root}");
            }

            return Handle(root, session, Args.At(args, 2));
        });
        registry.Register("agent_state_write", (context, args) =>
        {
            var handle = Args.Dict(args, 0, "agent_state_write");
            var key = Key(args, 1, "agent_state_write");
            Write(context, handle, key, Args.String(args, 2, "agent_state_write"));
            return Value.Nil;
        });
        registry.Register("agent_state_read", (_, args) =>
        {
            var path = KeyPath(Args.Dict(args, 0, "agent_state_read"), Key(args, 1, "agent_state_read"));
            return File.Exists(path) ? AgentValues.Str(File.ReadAllText(path, Encoding.UTF8)) : Value.Nil;
        });
        registry.Register("agent_state_list", (_, args) =>
        {
            var directory = StateDirectory(Args.Dict(args, 0, "agent_state_list"));
            if (!Directory.Exists(directory))
            {
                return Value.FromList(HarnList.Empty);
            }

            var keys = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(f).StartsWith('.'))
                .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal);
            return AgentValues.List(keys.Select(AgentValues.Str));
        });
        registry.Register("agent_state_delete", (_, args) =>
        {
            var path = KeyPath(Args.Dict(args, 0, "agent_state_delete"), Key(args, 1, "agent_state_delete"));
            var existed = File.Exists(path);
            if (existed)
            {
                File.Delete(path);
            }

            return Value.FromBool(existed);
        });
        registry.Register("agent_state_handoff_key", (_, _) => AgentValues.Str(HandoffKey));
        registry.Register("agent_state_handoff", (context, args) =>
        {
            var handle = Args.Dict(args, 0, "agent_state_handoff");
            var record = AgentValues.Dict(
                ("_type", AgentValues.Str("agent_state_handoff")),
                ("key", AgentValues.Str(HandoffKey)),
                ("session_id", AgentValues.Field(handle, "session_id")),
                ("writer_id", AgentValues.Field(handle, "writer_id")),
                ("handoff", Value.FromDict(Args.Dict(args, 1, "agent_state_handoff"))));
            Write(context, handle, HandoffKey, JsonConversion.Stringify(record, pretty: true));
            return record;
        });
    }

    private static Value Handle(string root, string session, Value options) => AgentValues.Dict(
        ("_type", AgentValues.Str("state_handle")),
        ("root", AgentValues.Str(root)),
        ("session_id", AgentValues.Str(session)),
        ("writer_id", AgentValues.Str(AgentValues.StringField(options, "writer_id") ?? "default")),
        ("conflict_policy", AgentValues.Str(AgentValues.StringField(options, "conflict_policy") ?? "ignore")));

    private static void Write(BuiltinContext context, HarnDict handle, string key, string text)
    {
        var root = AgentValues.StringField(handle, "root") ?? throw RuntimeErrors.Thrown("agent_state_write: handle has no root");
        var session = AgentValues.StringField(handle, "session_id") ?? throw RuntimeErrors.Thrown("agent_state_write: handle has no session_id");
        var writer = AgentValues.StringField(handle, "writer_id") ?? "default";
        var metaPath = SessionFile(root, session);
        var meta = File.Exists(metaPath) && JsonConversion.TryParse(File.ReadAllText(metaPath, Encoding.UTF8), out var parsed) ? parsed : Value.FromDict(HarnDict.Empty);
        var writers = AgentValues.Field(meta, "writers") is { Kind: ValueKind.Dict } known ? known.AsDict : HarnDict.Empty;
        if (AgentValues.StringField(handle, "conflict_policy") == "error"
            && AgentValues.StringField(writers, key) is { } previous && previous != writer)
        {
            throw RuntimeErrors.Thrown(
                $"agent_state_write: key '{key}' in session '{session}' was previously written by '{previous}'; writer '{writer}' refuses to overwrite it (conflict_policy: error)");
        }

        var path = KeyPath(handle, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Files.WriteAtomically(path, Encoding.UTF8.GetBytes(text), context.CancellationToken);
        var updated = (meta.Kind == ValueKind.Dict ? meta.AsDict : HarnDict.Empty)
            .With("session_id", AgentValues.Str(session))
            .With("writers", Value.FromDict(writers.With(key, AgentValues.Str(writer))));
        WriteJson(context, metaPath, Value.FromDict(updated));
    }

    private static void WriteJson(BuiltinContext context, string path, Value value) =>
        Files.WriteAtomically(path, Encoding.UTF8.GetBytes(JsonConversion.Stringify(value, pretty: true)), context.CancellationToken);

    /// <summary>A key: a relative path without <c>..</c> segments.</summary>
    private static string Key(ReadOnlySpan<Value> args, int index, string function)
    {
        var key = Args.String(args, index, function).Replace('\\', '/');
        if (key.Length == 0 || key.StartsWith('/') || Path.IsPathRooted(key) || key.Split('/').Any(part => part is ".." or ""))
        {
            throw RuntimeErrors.Thrown($"{function}: key '{key}' must be a relative path inside the session");
        }

        return key;
    }

    private static string StateDirectory(string root, string session) => Path.Combine(HostPaths.Full(root), Segment(session), "state");

    private static string StateDirectory(HarnDict handle) =>
        StateDirectory(AgentValues.StringField(handle, "root") ?? ".", AgentValues.StringField(handle, "session_id") ?? "default");

    private static string SessionFile(string root, string session) => Path.Combine(HostPaths.Full(root), Segment(session), "session.json");

    private static string KeyPath(HarnDict handle, string key) => Path.Combine(StateDirectory(handle), key);

    /// <summary>A session id as one directory name.</summary>
    private static string Segment(string session) =>
        session.Length == 0 || session is "." or ".." || session.IndexOfAny(['/', '\\']) >= 0
            ? throw RuntimeErrors.Thrown($"agent state session id '{session}' must be a plain name")
            : session;
}
