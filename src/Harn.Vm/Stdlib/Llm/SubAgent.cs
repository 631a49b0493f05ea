using System.Globalization;
using Harn.Runtime;
using Harn.Stdlib.Agents;
using Harn.Stdlib.Host;
using Harn.Stdlib.Workers;

namespace Harn.Stdlib.Llm;

/// <summary>
/// <c>sub_agent_run(task, options?)</c>: a context firewall. It runs a full child
/// <c>agent_loop</c> in a session of its own and gives the parent one clean envelope
/// <c>{ok, summary, artifacts, evidence_added, tokens_used, budget_exceeded, session_id,
/// transcript, data?, error?}</c>; nothing of the child's conversation reaches the parent's.
/// The child's tools are narrowed by <c>allowed_tools</c> and by the ceilings of the agent loop
/// whose tool call started it (active skills' scopes, a sub-agent's own narrowing). With
/// <c>background: true</c> it returns a worker handle (<c>mode: "sub_agent"</c>) instead, for
/// <c>wait_agent</c>, <c>send_input</c> and <c>close_agent</c>.
/// </summary>
internal static class SubAgent
{
    /// <summary>Options that shape the sub-agent itself rather than its child loop.</summary>
    private static readonly string[] OwnOptions =
    [
        "background", "allowed_tools", "returns", "response_format", "output_schema", "carry", "request", "name",
        "research_questions", "action_items", "workflow_stages", "verification_steps", "system", "session_id",
        "transcript", "messages",
    ];

    public static void Register(BuiltinRegistry registry, LlmLibrary library)
    {
        registry.Register("sub_agent_run", (context, args) =>
        {
            var taskValue = Args.At(args, 0);
            var task = taskValue.Kind == ValueKind.String ? taskValue.AsString : throw Args.Expected("sub_agent_run", "a task string", taskValue);
            var options = HostValues.Options(args, 1, "sub_agent_run");
            var inherited = ToolScope.Inherited(context);
            if (!options.GetBool("background", false))
            {
                var sessionId = options.GetString("session_id") ?? AgentIds.NewUuid();
                return Value.FromDict(Execute(context, library, task, options, inherited, sessionId, null));
            }

            var worker = new Worker(
                options.GetString("name") ?? "sub-agent",
                "sub_agent",
                task,
                Request(task, options),
                CarryPolicy(options),
                (cycleContext, self, cycleTask) => Cycle(cycleContext, library, options, inherited, self, cycleTask))
            {
                SessionId = options.GetString("session_id") ?? AgentIds.NewUuid(),
                ParentSessionId = AgentSessionStore.Of(context).CurrentId,
            };
            return WorkerRegistry.Launch(context, worker, task);
        });
    }

    /// <summary>
    /// Runs the child loop on <paramref name="task"/> under session <paramref name="sessionId"/>
    /// (seeded with <paramref name="seed"/> when given) and builds the envelope.
    /// </summary>
    public static HarnDict Execute(BuiltinContext context, LlmLibrary library, string task, HarnDict options, IReadOnlyList<ToolScope> inherited, string sessionId, HarnDict? seed)
    {
        var sessions = AgentSessionStore.Of(context);
        var parentSession = sessions.CurrentId;
        sessions.Open(sessionId);
        if (seed is not null)
        {
            sessions.Replace(sessionId, seed);
        }

        var ceilings = new List<ToolScope>(inherited);
        if (options.Get("allowed_tools", Value.Nil) is { IsNil: false } allowed)
        {
            ceilings.Add(new ToolScope(AgentValues.Strings(allowed), "sub-agent allowed_tools"));
        }

        var schema = Schema(options);
        var wantsJson = schema is not null || options.GetString("response_format") is "json" or "json_object";
        var loopOptions = options;
        foreach (var key in OwnOptions)
        {
            loopOptions = loopOptions.Without(key);
        }

        loopOptions = loopOptions.With("session_id", Value.FromString(sessionId));
        var envelope = HarnDict.Empty
            .With("_type", Value.FromString("sub_agent_result"))
            .With("task", Value.FromString(task))
            .With("session_id", Value.FromString(sessionId))
            .With("parent_session_id", HostValues.Str(parentSession))
            .With("artifacts", Value.FromList(HarnList.Empty))
            .With("evidence_added", Value.FromInt(0));
        HarnDict result;
        AgentLoop loop;
        try
        {
            (result, loop) = AgentLoop.Start(context, library, Value.FromString(task), System(options, wantsJson, schema), loopOptions, ceilings);
        }
        catch (HarnRuntimeException error) when (!context.CancellationToken.IsCancellationRequested && Concurrency.ConcurrencyHelpers.CurrentTask(context) is not { CancelRequested: true })
        {
            var transcript = sessions.Find(sessionId)?.Transcript;
            return envelope
                .With("ok", Value.False)
                .With("status", Value.FromString("failed"))
                .With("summary", Value.FromString(string.Empty))
                .With("tokens_used", Value.FromInt(0))
                .With("budget_exceeded", Value.False)
                .With("transcript", transcript is null ? Value.Nil : Value.FromDict(transcript))
                .With("error", Error(Errors.Category(error.CatchValue), AgentValues.Text(error.CatchValue), null));
        }

        var status = result.GetString("status") ?? "done";
        var summary = result.GetString("visible_text") is { Length: > 0 } visible ? visible : result.GetString("text") ?? string.Empty;
        envelope = envelope
            .With("status", Value.FromString(status))
            .With("summary", Value.FromString(summary.Trim()))
            .With("tokens_used", Value.FromInt(loop.TokensUsed))
            .With("budget_exceeded", Value.FromBool(loop.BudgetExceeded))
            .With("iterations", Value.FromInt(AgentValues.IntField(result.Get("llm"), "iterations", 0)))
            .With("tools_used", AgentValues.Field(result.Get("trace"), "tools_used"))
            .With("transcript", result.Get("transcript"));

        Value failure = Value.Nil;
        if (loop.FirstRejection is { } rejection)
        {
            failure = Error("permission_denied", rejection.Reason, rejection.Tool);
        }
        else if (loop.BudgetExceeded)
        {
            failure = Error("budget_exceeded", string.Create(CultureInfo.InvariantCulture, $"token budget of {options.GetInt("token_budget")} exceeded ({loop.TokensUsed} tokens used)"), null);
        }
        else if (status != "done")
        {
            failure = Error(status == "budget_exhausted" ? "budget_exceeded" : "generic", $"the sub-agent ended with status '{status}'", null);
        }

        if (wantsJson)
        {
            if (JsonExtraction.TryExtract(summary, out var data, out _))
            {
                envelope = envelope.With("data", data);
                if (schema is not null && JsonSchemaValidator.Validate(data, schema) is { } problem && failure.IsNil)
                {
                    failure = Error("schema_validation", "the sub-agent's result does not match the returns schema: " + problem, null);
                }
            }
            else if (failure.IsNil)
            {
                failure = Error("schema_validation", "the sub-agent did not answer with JSON", null);
            }
        }

        return envelope.With("ok", Value.FromBool(failure.IsNil)).With("error", failure);
    }

    /// <summary>One background cycle: carries the previous transcript by the carry policy, then runs the child.</summary>
    private static Value Cycle(BuiltinContext context, LlmLibrary library, HarnDict options, IReadOnlyList<ToolScope> inherited, Worker worker, string task)
    {
        var sessions = AgentSessionStore.Of(context);
        HarnDict? seed = null;
        if (worker.Cycle > 1 && worker.Transcript is { } previous)
        {
            switch (worker.TranscriptMode)
            {
                case "reset":
                    seed = Transcript.Create(Value.Nil, worker.SessionId);
                    break;
                case "fork":
                    var forked = AgentIds.NewUuid();
                    var metadata = (previous.GetDict("metadata") ?? HarnDict.Empty)
                        .With("parent_transcript_id", previous.Get("id"));
                    seed = previous.With("id", Value.FromString(forked)).With("metadata", Value.FromDict(metadata));
                    worker.SessionId = forked;
                    break;
                default:
                    seed = previous;
                    break;
            }
        }

        var envelope = Execute(context, library, task, options, inherited, worker.SessionId!, seed);
        if (envelope.GetDict("transcript") is { } transcript)
        {
            if (worker.TranscriptMode == "compact")
            {
                var compacted = library.CallBuiltin(context, "transcript_compact", Value.FromDict(transcript));
                if (compacted.Kind == ValueKind.Dict)
                {
                    transcript = compacted.AsDict;
                    sessions.Replace(worker.SessionId!, transcript);
                }
            }

            worker.Transcript = transcript;
        }

        return Value.FromDict(envelope);
    }

    /// <summary>The child's system prompt: <c>system</c>, plus the JSON answer contract when the caller wants data.</summary>
    private static Value System(HarnDict options, bool wantsJson, HarnDict? schema)
    {
        var system = options.GetString("system");
        if (!wantsJson)
        {
            return HostValues.Str(system);
        }

        var contract = schema is null
            ? "When you finish, answer with a single JSON value and nothing else."
            : "When you finish, answer with a single JSON value that matches this JSON Schema, and nothing else:\n" + JsonConversion.Stringify(Value.FromDict(schema));
        return Value.FromString(string.IsNullOrEmpty(system) ? contract : system + "\n\n" + contract);
    }

    /// <summary>The schema of <c>returns: {schema}</c> (or <c>returns</c> given as a schema, or <c>output_schema</c>).</summary>
    private static HarnDict? Schema(HarnDict options)
    {
        if (options.GetDict("returns") is { } returns)
        {
            return returns.GetDict("schema") ?? (returns.ContainsKey("type") || returns.ContainsKey("properties") ? returns : null);
        }

        return options.GetDict("output_schema");
    }

    private static Value Error(string category, string message, string? tool)
    {
        var error = HarnDict.Empty
            .With("category", Value.FromString(category))
            .With("message", Value.FromString(message));
        return Value.FromDict(tool is null ? error : error.With("tool", Value.FromString(tool)));
    }

    /// <summary>
    /// The worker's immutable request: the task, the caller's <c>request</c> payload and the
    /// canonical research questions, action items, workflow stages and verification steps.
    /// </summary>
    private static HarnDict Request(string task, HarnDict options)
    {
        var request = HarnDict.Empty
            .With("task", Value.FromString(task))
            .With("payload", options.Get("request", Value.Nil));
        foreach (var key in new[] { "research_questions", "action_items", "workflow_stages", "verification_steps" })
        {
            request = request.With(key, options.Get(key, Value.FromList(HarnList.Empty)));
        }

        return request;
    }

    /// <summary><c>carry</c>: <c>transcript_mode</c> (inherit, fork, reset, compact), <c>artifact_mode</c>, <c>retriggerable</c>.</summary>
    private static HarnDict CarryPolicy(HarnDict options)
    {
        var carry = options.GetDict("carry") ?? HarnDict.Empty;
        var mode = carry.GetString("transcript_mode") ?? "inherit";
        if (mode is not ("inherit" or "fork" or "reset" or "compact"))
        {
            throw RuntimeErrors.Thrown($"sub_agent_run: carry.transcript_mode must be inherit, fork, reset or compact, got '{mode}'");
        }

        return carry
            .With("transcript_mode", Value.FromString(mode))
            .With("artifact_mode", carry.Get("artifact_mode", carry.Get("artifacts", Value.FromString("inherit"))))
            .With("retriggerable", Value.FromBool(carry.GetBool("retriggerable", false)))
            .With("persist_state", Value.FromBool(carry.GetBool("persist_state", true)));
    }
}
