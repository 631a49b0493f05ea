using System.Globalization;
using Harn.Runtime;
using Harn.Stdlib.Concurrency;
using Harn.Stdlib.Host;
using static Harn.Stdlib.Orchestration.OrchestrationValues;

namespace Harn.Stdlib.Orchestration;

/// <summary>
/// Human-in-the-loop primitives: <c>ask_user</c>, <c>request_approval</c>, <c>dual_control</c>,
/// <c>escalate_to</c> and <c>hitl_pending</c>. Each request is appended to its durable event-log
/// topic; the answer comes from a host mock (<c>host_mock("hitl", operation, ...)</c>), or from a
/// response event the host appends to the same topic while the request waits, or, inside a
/// replayed trigger dispatch, from the outcome the original dispatch recorded.
/// </summary>
internal static class Hitl
{
    public const string Questions = "hitl.questions";
    public const string Approvals = "hitl.approvals";
    public const string DualControl = "hitl.dual_control";
    public const string Escalations = "hitl.escalations";

    private const long DefaultTimeoutMs = 24L * 60 * 60 * 1000;

    /// <summary>Request events by topic, and the kind each request shows in <c>hitl_pending</c>.</summary>
    private static readonly (string Topic, string RequestKind, string Kind)[] RequestEvents =
    [
        (Questions, "hitl.question_asked", "question"),
        (Approvals, "hitl.approval_requested", "approval"),
        (DualControl, "hitl.dual_control_requested", "dual_control"),
        (Escalations, "hitl.escalation_issued", "escalation"),
    ];

    private static readonly HashSet<string> TerminalKinds = new(StringComparer.Ordinal)
    {
        "hitl.response_received", "hitl.timeout", "hitl.cancelled", "hitl.approval_approved", "hitl.approval_denied",
        "hitl.dual_control_approved", "hitl.dual_control_denied", "hitl.escalation_accepted",
    };

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("ask_user", AskUser);
        registry.Register("request_approval", RequestApproval);
        registry.Register("dual_control", (context, args) => RunDualControl(context, args));
        registry.Register("escalate_to", EscalateTo);
        registry.Register("hitl_pending", Pending);
    }

    private static string NewRequestId(string kind) => $"hitl-{kind}-{Guid.NewGuid():N}"[..(kind.Length + 17)];

    /// <summary>What every HITL request starts from: the dispatch scope it runs in, the run's event log, a new request id and the event headers naming them.</summary>
    private static (DispatchScope? Scope, EventLog Log, string RequestId, HarnDict Headers) BeginRequest(BuiltinContext context, string kind)
    {
        var scope = DispatchScope.Current(context);
        var requestId = NewRequestId(kind);
        return (scope, EventLog.Of(context), requestId, RequestHeaders(requestId, scope));
    }

    private static HarnDict RequestHeaders(string requestId, DispatchScope? scope) =>
        Options(Dict(("request_id", Value.FromString(requestId)), ("trace_id", Str(scope?.TraceId)), ("agent", Str(scope?.Agent))));

    private static long TimeoutMs(Value value, string function) => value.Kind switch
    {
        ValueKind.Nil => DefaultTimeoutMs,
        ValueKind.Int or ValueKind.Duration or ValueKind.Float => Math.Max(0, ConcurrencyHelpers.Milliseconds(value, DefaultTimeoutMs)),
        _ => throw Args.Expected(function, "a duration timeout", value),
    };

    private static Value AskUser(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var prompt = Args.String(args, 0, "ask_user");
        var options = OptionsArg(args, 1, "ask_user");
        var schema = Field(options, "schema");
        var hasDefault = options.ContainsKey("default");
        var fallback = Field(options, "default");
        var timeoutMs = TimeoutMs(Field(options, "timeout"), "ask_user");
        var (scope, log, requestId, headers) = BeginRequest(context, "question");
        log.Append(Questions, "hitl.question_asked", Dict(
            ("request_id", Value.FromString(requestId)),
            ("prompt", Value.FromString(prompt)),
            ("agent", Str(scope?.Agent)),
            ("trace_id", Str(scope?.TraceId)),
            ("schema", schema),
            ("default", fallback),
            ("timeout_ms", Value.FromInt(timeoutMs))), headers);

        if (scope is not null && scope.TryReplay(out var replayed))
        {
            log.Append(Questions, "hitl.response_received", Dict(("request_id", Value.FromString(requestId)), ("answer", replayed), ("replayed", Value.True)), headers);
            return replayed;
        }

        Value answer;
        if (HostCalls.TryMocked(context, "hitl", "question", Options(Dict(("prompt", Value.FromString(prompt)))), out var mocked))
        {
            answer = mocked.Kind == ValueKind.Dict && mocked.AsDict.ContainsKey("answer") ? mocked.AsDict.Get("answer") : mocked;
            log.Append(Questions, "hitl.response_received", Dict(("request_id", Value.FromString(requestId)), ("answer", answer)), headers);
        }
        else
        {
            var timedOut = Value.FromObject(ValueKind.Object, new object());
            (bool, Value) Poll()
            {
                foreach (var e in log.Read(Questions))
                {
                    if (e.Kind == "hitl.response_received" && RequestOf(e) == requestId)
                    {
                        return (true, Options(e.Payload).TryGetValue("answer", out var a) ? a : Value.Nil);
                    }
                }

                return (false, default);
            }

            answer = Block(context, new VmWait(Poll, [log.Signal(Questions)], ConcurrencyHelpers.DueIn(timeoutMs), () => timedOut), "ask_user");
            if (ReferenceEquals(answer.Ref, timedOut.Ref))
            {
                log.Append(Questions, "hitl.timeout", Dict(("request_id", Value.FromString(requestId)), ("timeout_ms", Value.FromInt(timeoutMs))), headers);
                if (!hasDefault)
                {
                    throw RuntimeErrors.Thrown($"HumanTimeoutError: ask_user timed out after {timeoutMs}ms waiting for an answer to '{prompt}'");
                }

                scope?.HitlOutcomes.Add(fallback);
                return fallback;
            }
        }

        var result = Shape(answer, schema, hasDefault ? fallback : Value.Nil);
        scope?.HitlOutcomes.Add(result);
        return result;
    }

    private static string? RequestOf(LoggedEvent e) => StringField(Options(e.Payload), "request_id") ?? StringField(e.Headers, "request_id");

    /// <summary>Validates an answer against <paramref name="schema"/>, or coerces it toward the type of <paramref name="fallback"/>.</summary>
    private static Value Shape(Value answer, Value schema, Value fallback)
    {
        if (schema.Kind == ValueKind.Dict)
        {
            if (answer.Kind == ValueKind.String && JsonSchemaValidator.Validate(answer, schema.AsDict) is not null && JsonConversion.TryParse(answer.AsString, out var parsed))
            {
                answer = parsed;
            }

            if (JsonSchemaValidator.Validate(answer, schema.AsDict) is { } problem)
            {
                throw RuntimeErrors.Thrown("ask_user: the answer does not match the schema: " + problem);
            }

            return answer;
        }

        if (answer.Kind != ValueKind.String)
        {
            return fallback.Kind == ValueKind.String && !answer.IsNil ? Value.FromString(ValueFormatter.Display(answer)) : answer;
        }

        var text = answer.AsString.Trim();
        return fallback.Kind switch
        {
            ValueKind.Int when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => Value.FromInt(number),
            ValueKind.Float when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => Value.FromFloat(real),
            ValueKind.Bool when text.ToLowerInvariant() is "true" or "yes" or "y" => Value.True,
            ValueKind.Bool when text.ToLowerInvariant() is "false" or "no" or "n" => Value.False,
            _ => answer,
        };
    }

    private static IReadOnlyList<string> ReviewerList(Value value, string function) => value.Kind switch
    {
        ValueKind.Nil => [],
        ValueKind.List => value.AsList.Select(item => item.Kind == ValueKind.String ? item.AsString : throw Args.Expected(function, "a list of reviewer names", value)).ToArray(),
        _ => throw Args.Expected(function, "a list of reviewer names", value),
    };

    /// <summary>
    /// Collects responses for an approval-style request until its quorum is decided: mocked
    /// responses first, else <c>hitl.approval_received</c> events on <paramref name="topic"/>
    /// until <paramref name="deadlineMs"/>.
    /// </summary>
    private static HitlApprovals Decide(BuiltinContext context, string topic, string operation, string requestId, string action, int quorum, IReadOnlyList<string> reviewers, long deadlineMs, HarnDict headers, string function)
    {
        var log = EventLog.Of(context);
        var approvals = new HitlApprovals(requestId, action, quorum, reviewers);
        if (HostCalls.TryMocked(context, "hitl", operation, Options(Dict(("action", Value.FromString(action)))), out var mocked))
        {
            var responses = mocked.Kind == ValueKind.List ? mocked.AsList.ToArray() : [mocked];
            foreach (var response in responses)
            {
                log.Append(topic, "hitl.approval_received", Dict(("request_id", Value.FromString(requestId)), ("response", response)), headers);
                approvals.Add(response);
            }

            approvals.Exhausted();
            return approvals;
        }

        var consumed = 0;
        (bool, Value) Poll()
        {
            var events = log.Read(topic);
            for (; consumed < events.Count; consumed++)
            {
                var e = events[consumed];
                if (e.Kind == "hitl.approval_received" && RequestOf(e) == requestId)
                {
                    var payload = Options(e.Payload);
                    approvals.Add(payload.TryGetValue("response", out var response) ? response : e.Payload);
                }
            }

            return approvals.State == "pending" ? (false, default) : (true, Value.True);
        }

        var decided = Block(context, new VmWait(Poll, [log.Signal(topic)], ConcurrencyHelpers.DueIn(deadlineMs), () => Value.False), function);
        if (!decided.AsBool)
        {
            log.Append(topic, "hitl.timeout", Dict(("request_id", Value.FromString(requestId)), ("timeout_ms", Value.FromInt(deadlineMs))), headers);
            throw RuntimeErrors.Thrown($"HumanTimeoutError: {function} '{action}' reached no decision within {deadlineMs}ms");
        }

        return approvals;
    }

    private static int Quorum(Value value, string function, int fallback) => value.Kind switch
    {
        ValueKind.Nil => fallback,
        ValueKind.Int when value.AsInt >= 1 => (int)Math.Min(value.AsInt, int.MaxValue),
        _ => throw Args.Expected(function, "a quorum of at least 1", value),
    };

    private static Value RequestApproval(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var action = Args.String(args, 0, "request_approval");
        var options = OptionsArg(args, 1, "request_approval");
        var quorum = Quorum(Field(options, "quorum"), "request_approval", 1);
        var reviewers = ReviewerList(Field(options, "reviewers"), "request_approval");
        if (reviewers.Count > 0 && reviewers.Count < quorum)
        {
            throw RuntimeErrors.Thrown($"request_approval: quorum {quorum} exceeds the {reviewers.Count} reviewers");
        }

        var deadlineMs = TimeoutMs(Field(options, "deadline"), "request_approval");
        var (scope, log, requestId, headers) = BeginRequest(context, "approval");
        log.Append(Approvals, "hitl.approval_requested", Dict(
            ("request_id", Value.FromString(requestId)),
            ("prompt", Value.FromString(action)),
            ("action", Value.FromString(action)),
            ("agent", Str(scope?.Agent)),
            ("trace_id", Str(scope?.TraceId)),
            ("quorum", Value.FromInt(quorum)),
            ("reviewers", Strings(reviewers)),
            ("detail", Field(options, "detail")),
            ("args", Field(options, "args")),
            ("principal", Field(options, "principal")),
            ("evidence_refs", Field(options, "evidence_refs")),
            ("undo_metadata", Field(options, "undo_metadata")),
            ("capabilities_requested", Field(options, "capabilities_requested"))), headers);

        if (scope is not null && scope.TryReplay(out var replayed))
        {
            log.Append(Approvals, "hitl.approval_approved", Dict(("request_id", Value.FromString(requestId)), ("record", replayed), ("replayed", Value.True)), headers);
            return replayed;
        }

        var approvals = Decide(context, Approvals, "approval", requestId, action, quorum, reviewers, deadlineMs, headers, "request_approval");
        var record = approvals.Record();
        log.Append(Approvals, approvals.State == "approved" ? "hitl.approval_approved" : "hitl.approval_denied", Dict(("request_id", Value.FromString(requestId)), ("record", record)), headers);
        if (approvals.State != "approved")
        {
            throw approvals.DeniedError("request_approval");
        }

        scope?.HitlOutcomes.Add(record);
        return record;
    }

    private static Value RunDualControl(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var n = Args.Int(args, 0, "dual_control");
        var m = Args.Int(args, 1, "dual_control");
        if (n < 1 || m < n)
        {
            throw RuntimeErrors.Thrown($"dual_control: need 1 <= n <= m, got n={n}, m={m}");
        }

        var action = Args.Callable(args, 2, "dual_control");
        var approvers = ReviewerList(Args.At(args, 3), "dual_control");
        if (approvers.Count > 0 && approvers.Count < n)
        {
            throw RuntimeErrors.Thrown($"dual_control: {n} approvals needed but only {approvers.Count} approvers given");
        }

        var name = action.Ref is Closure { Name: [not '<', ..] } closure ? closure.Name : "action";
        var (scope, log, requestId, headers) = BeginRequest(context, "dual");
        log.Append(DualControl, "hitl.dual_control_requested", Dict(
            ("request_id", Value.FromString(requestId)),
            ("prompt", Value.FromString($"dual control {n} of {m}: {name}")),
            ("action", Value.FromString(name)),
            ("agent", Str(scope?.Agent)),
            ("trace_id", Str(scope?.TraceId)),
            ("n", Value.FromInt(n)),
            ("m", Value.FromInt(m)),
            ("approvers", Strings(approvers))), headers);

        Value record;
        if (scope is not null && scope.TryReplay(out var replayed))
        {
            record = replayed;
        }
        else
        {
            var approvals = Decide(context, DualControl, "dual_control", requestId, name, (int)n, approvers, DefaultTimeoutMs, headers, "dual_control");
            record = approvals.Record();
            if (approvals.State != "approved")
            {
                log.Append(DualControl, "hitl.dual_control_denied", Dict(("request_id", Value.FromString(requestId)), ("record", record)), headers);
                throw approvals.DeniedError("dual_control");
            }

            scope?.HitlOutcomes.Add(record);
        }

        log.Append(DualControl, "hitl.dual_control_approved", Dict(("request_id", Value.FromString(requestId)), ("record", record)), headers);
        var result = context.Invoke(action, []);
        log.Append(DualControl, "hitl.dual_control_executed", Dict(("request_id", Value.FromString(requestId))), headers);
        return result;
    }

    private static Value EscalateTo(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var role = Args.String(args, 0, "escalate_to");
        var reason = Args.String(args, 1, "escalate_to");
        var (scope, log, requestId, headers) = BeginRequest(context, "escalation");
        var traceId = scope?.TraceId ?? "trace-" + requestId;
        log.Append(Escalations, "hitl.escalation_issued", Dict(
            ("request_id", Value.FromString(requestId)),
            ("prompt", Value.FromString(reason)),
            ("role", Value.FromString(role)),
            ("reason", Value.FromString(reason)),
            ("agent", Str(scope?.Agent)),
            ("trace_id", Value.FromString(traceId))), headers);

        Value Accepted(HarnDict response) => Dict(
            ("request_id", Value.FromString(requestId)),
            ("role", Value.FromString(role)),
            ("reason", Value.FromString(reason)),
            ("trace_id", Value.FromString(traceId)),
            ("status", Value.FromString(response.TryGetValue("accepted", out var ok) && !Truthiness.IsTruthy(ok) ? "rejected" : "accepted")),
            ("accepted_at", Value.FromString(StringField(response, "accepted_at") ?? StringField(response, "responded_at") ?? NowIso())),
            ("reviewer", Field(response, "reviewer")));

        if (scope is not null && scope.TryReplay(out var replayed))
        {
            return replayed;
        }

        Value outcome;
        if (HostCalls.TryMocked(context, "hitl", "escalation", Options(Dict(("role", Value.FromString(role)))), out var mocked))
        {
            outcome = Accepted(Options(mocked));
        }
        else
        {
            (bool, Value) Poll()
            {
                foreach (var e in log.Read(Escalations))
                {
                    if (e.Kind == "hitl.escalation_accepted" && RequestOf(e) == requestId)
                    {
                        return (true, Accepted(Options(e.Payload)));
                    }
                }

                return (false, default);
            }

            // Without an answer the dispatch stays paused until someone accepts the escalation.
            outcome = Block(context, new VmWait(Poll, [log.Signal(Escalations)]), "escalate_to");
        }

        log.Append(Escalations, "hitl.escalation_accepted", Dict(("request_id", Value.FromString(requestId)), ("record", outcome)), headers);
        scope?.HitlOutcomes.Add(outcome);
        return outcome;
    }

    /// <summary>Requests with no terminal event yet, newest first, filtered by since/until/kinds/agent/limit.</summary>
    private static Value Pending(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var filtersValue = Args.At(args, 0);
        if (!filtersValue.IsNil && filtersValue.Kind != ValueKind.Dict)
        {
            throw Args.Expected("hitl_pending", "a filters dict", filtersValue);
        }

        var filters = Options(filtersValue);
        var since = StringField(filters, "since");
        var until = StringField(filters, "until");
        var agent = StringField(filters, "agent");
        var kinds = Field(filters, "kinds") is { Kind: ValueKind.List } list ? list.AsList.Select(ValueFormatter.Display).ToHashSet(StringComparer.Ordinal) : null;
        var limit = filters.GetInt("limit");
        var log = EventLog.Of(context);
        var rows = new List<(long At, Value Row)>();
        foreach (var (topic, requestKind, kind) in RequestEvents)
        {
            if (kinds is not null && !kinds.Contains(kind))
            {
                continue;
            }

            var events = log.Read(topic);
            var settled = events.Where(e => TerminalKinds.Contains(e.Kind)).Select(RequestOf).ToHashSet(StringComparer.Ordinal);
            foreach (var e in events)
            {
                var requestId = RequestOf(e);
                if (e.Kind != requestKind || requestId is null || settled.Contains(requestId))
                {
                    continue;
                }

                var payload = Options(e.Payload);
                var timestamp = DateTimeOffset.FromUnixTimeMilliseconds(e.OccurredAtMs).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                if ((agent is not null && StringField(payload, "agent") != agent)
                    || (since is not null && string.CompareOrdinal(timestamp, since) < 0)
                    || (until is not null && string.CompareOrdinal(timestamp, until) > 0))
                {
                    continue;
                }

                var approvers = Field(payload, "reviewers") is { Kind: ValueKind.List } r ? r : Field(payload, "approvers") is { Kind: ValueKind.List } a ? a : List([]);
                rows.Add((e.OccurredAtMs, Dict(
                    ("request_id", Value.FromString(requestId)),
                    ("request_kind", Value.FromString(kind)),
                    ("agent", Field(payload, "agent")),
                    ("prompt", Field(payload, "prompt")),
                    ("trace_id", Field(payload, "trace_id")),
                    ("timestamp", Value.FromString(timestamp)),
                    ("approvers", approvers),
                    ("metadata", Value.FromDict(payload)))));
            }
        }

        var ordered = rows.Select((row, index) => (row, index)).OrderByDescending(x => x.row.At).ThenByDescending(x => x.index).Select(x => x.row.Row);
        return List(limit is { } max ? ordered.Take((int)Math.Max(0, max)) : ordered);
    }
}
