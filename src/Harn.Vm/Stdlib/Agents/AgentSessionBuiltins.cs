using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>The <c>agent_session_*</c> builtins, <c>agent_subscribe</c> and <c>agent_inject_feedback</c>, over <see cref="AgentSessionStore"/>.</summary>
internal static class AgentSessionBuiltins
{
    public static void Register(BuiltinRegistry registry, TranscriptCompaction compaction)
    {
        registry.Register("agent_session_open", (context, args) =>
            AgentValues.Str(AgentSessionStore.Of(context).Open(Args.At(args, 0).IsNil ? null : Args.String(args, 0, "agent_session_open"))));
        registry.Register("agent_session_exists", (context, args) =>
            Value.FromBool(Args.At(args, 0) is { Kind: ValueKind.String } id && AgentSessionStore.Of(context).Exists(id.AsString)));
        registry.Register("agent_session_current_id", (context, _) =>
            AgentSessionStore.Of(context).CurrentId is { } current ? AgentValues.Str(current) : Value.Nil);
        registry.Register("agent_session_length", (context, args) =>
            Value.FromInt(Transcript.Messages(Value.FromDict(Session(context, args, "agent_session_length").Transcript)).Count));
        registry.Register("agent_session_snapshot", (context, args) => Snapshot(context, args));
        registry.Register("agent_session_ancestry", (context, args) => Ancestry(context, args));
        registry.Register("agent_session_reset", (context, args) =>
        {
            var session = Session(context, args, "agent_session_reset");
            session.Transcript = Transcript.Create(AgentValues.Field(session.Transcript, "metadata"), session.Id);
            return Value.Nil;
        });
        registry.Register("agent_session_fork", (context, args) =>
            AgentValues.Str(AgentSessionStore.Of(context).Fork(Id(args, 0, "agent_session_fork"), OptionalId(args, 1, "agent_session_fork"), null, "agent_session_fork")));
        registry.Register("agent_session_fork_at", (context, args) =>
        {
            var keep = (int)Math.Clamp(Args.Int(args, 1, "agent_session_fork_at"), 0, int.MaxValue);
            return AgentValues.Str(AgentSessionStore.Of(context).Fork(Id(args, 0, "agent_session_fork_at"), OptionalId(args, 2, "agent_session_fork_at"), keep, "agent_session_fork_at"));
        });
        registry.Register("agent_session_trim", (context, args) =>
        {
            var session = Session(context, args, "agent_session_trim");
            var keep = (int)Math.Clamp(Args.Int(args, 1, "agent_session_trim"), 0, int.MaxValue);
            var messages = Transcript.Messages(Value.FromDict(session.Transcript));
            var kept = messages.Skip(Math.Max(0, messages.Count - keep)).ToList();
            session.Transcript = Transcript.WithMessages(session.Transcript, kept);
            return Value.FromInt(kept.Count);
        });
        registry.Register("agent_session_compact", (context, args) =>
        {
            var session = Session(context, args, "agent_session_compact");
            session.Transcript = compaction.Compact(context, session.Transcript, Args.At(args, 1)).With("id", AgentValues.Str(session.Id));
            return Value.FromInt(Transcript.Messages(Value.FromDict(session.Transcript)).Count);
        });
        registry.Register("agent_session_inject", (context, args) =>
        {
            AgentSessionStore.Of(context).Inject(Id(args, 0, "agent_session_inject"), Args.At(args, 1));
            return Value.Nil;
        });
        registry.Register("agent_session_close", (context, args) =>
        {
            AgentSessionStore.Of(context).Close(Id(args, 0, "agent_session_close"));
            return Value.Nil;
        });
        registry.Register("agent_inject_feedback", (context, args) =>
        {
            var content = Args.At(args, 2);
            AgentSessionStore.Of(context).InjectFeedback(
                Id(args, 0, "agent_inject_feedback"),
                Args.String(args, 1, "agent_inject_feedback"),
                content.Kind == ValueKind.String ? content.AsString : ValueFormatter.Display(content));
            return Value.Nil;
        });
        registry.Register("agent_subscribe", (context, args) =>
        {
            AgentSessionStore.Of(context).Subscribe(Id(args, 0, "agent_subscribe"), Args.Callable(args, 1, "agent_subscribe"));
            return Value.Nil;
        });
    }

    private static Value Snapshot(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var store = AgentSessionStore.Of(context);
        if (store.Find(Id(args, 0, "agent_session_snapshot")) is not { } session)
        {
            return Value.Nil;
        }

        return Value.FromDict(session.Transcript
            .With("id", AgentValues.Str(session.Id))
            .With("parent_id", session.ParentId is null ? Value.Nil : AgentValues.Str(session.ParentId))
            .With("child_ids", AgentValues.List(session.ChildIds.Select(AgentValues.Str)))
            .With("branched_at_event_index", session.BranchedAt is { } at ? Value.FromInt(at) : Value.Nil));
    }

    private static Value Ancestry(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var store = AgentSessionStore.Of(context);
        if (store.Find(Id(args, 0, "agent_session_ancestry")) is not { } session)
        {
            return Value.Nil;
        }

        return AgentValues.Dict(
            ("parent_id", session.ParentId is null ? Value.Nil : AgentValues.Str(session.ParentId)),
            ("child_ids", AgentValues.List(session.ChildIds.Select(AgentValues.Str))),
            ("root_id", AgentValues.Str(store.RootOf(session.Id))));
    }

    private static AgentSession Session(BuiltinContext context, ReadOnlySpan<Value> args, string function) =>
        AgentSessionStore.Of(context).Get(Id(args, 0, function), function);

    private static string Id(ReadOnlySpan<Value> args, int index, string function) => Args.String(args, index, function);

    private static string? OptionalId(ReadOnlySpan<Value> args, int index, string function) =>
        Args.At(args, index).IsNil ? null : Args.String(args, index, function);
}
