using System.Diagnostics;
using System.Text;
using Harn.Hosting;
using Harn.Runtime;
using Harn.Stdlib.Agents;
using Harn.Stdlib.Host;
using Harn.Stdlib.Skills;

namespace Harn.Stdlib.Llm;

/// <summary>
/// <c>agent_loop(prompt, system?, options?)</c>: asks the model, runs the tool calls it makes
/// (native calls, or tagged text calls), feeds the results back, and repeats until the model
/// answers without tools (or, when persistent, emits <c>##DONE##</c>), the nudge budget runs out
/// (<c>stuck</c>) or the iteration budget does (<c>budget_exhausted</c>).
/// </summary>
internal sealed class AgentLoop
{
    private const string Sentinel = "##DONE##";

    private const int DefaultKeepLast = 10;
    private const long DefaultContextWindow = 128_000;

    private readonly BuiltinContext _context;
    private readonly LlmLibrary _library;
    private readonly LlmRunState _state;
    private readonly HarnDict _options;
    private readonly AgentTrace _trace = new();
    private readonly Value _tools;
    private readonly bool _native;
    private readonly AgentPermissions? _permissions;
    private readonly ToolCallPolicy _policy;
    private readonly List<HarnDict> _messages = [];
    private readonly SkillLifecycle? _skills;
    private readonly IReadOnlyList<ToolScope> _ceilings;
    private readonly long? _tokenBudget;
    private readonly string? _sessionId;
    private readonly ToolSearchOptions? _search;
    private ToolSearchCatalog? _searchCatalog;
    private ToolSearchPath _searchPath;
    private ToolSearchClient? _searchClient;
    private HarnDict _transcript;
    private int _consecutiveSingleToolTurns;

    private AgentLoop(BuiltinContext context, LlmLibrary library, HarnDict options, HarnDict transcript, IReadOnlyList<ToolScope> ceilings, string? sessionId)
    {
        _context = context;
        _library = library;
        _state = library.StateOf(context);
        _options = options;
        _tools = options.Get("tools", Value.Nil);
        _native = (options.GetString("tool_format") ?? "native") != "text";
        _permissions = AgentPermissions.From(options);
        _policy = ToolCallPolicy.From(Value.FromDict(options));
        _transcript = transcript;
        _skills = SkillLifecycle.From(options);
        _ceilings = ceilings;
        _tokenBudget = options.GetInt("token_budget") is { } budget && budget >= 0 ? budget : null;
        _sessionId = sessionId;
        _search = _tools.IsNil ? null : ToolSearchOptions.From(options, "agent_loop");
    }

    /// <summary>True when the loop stopped because its tokens passed <c>token_budget</c>.</summary>
    public bool BudgetExceeded { get; private set; }

    /// <summary>The first tool call a policy, scope, permission rule or hook refused, with the reason.</summary>
    public (string Tool, string Reason)? FirstRejection { get; private set; }

    /// <summary>Input plus output tokens of every model call of the loop.</summary>
    public long TokensUsed => _trace.InputTokens + _trace.OutputTokens;

    public static Value Run(BuiltinContext context, LlmLibrary library, Value prompt, Value system, HarnDict options) =>
        Value.FromDict(Start(context, library, prompt, system, options, []).Result);

    /// <summary>
    /// Runs a loop whose tools are narrowed by <paramref name="ceilings"/> (a sub-agent's
    /// <c>allowed_tools</c> and what it inherits); returns the result and the finished loop.
    /// </summary>
    internal static (HarnDict Result, AgentLoop Loop) Start(BuiltinContext context, LlmLibrary library, Value prompt, Value system, HarnDict options, IReadOnlyList<ToolScope> ceilings)
    {
        var profile = AgentProfile.Of(options);
        var sessionId = options.GetString("session_id");
        var sessions = sessionId is null ? null : AgentSessionStore.Of(context);
        if (sessions is not null && !sessions.Exists(sessionId!))
        {
            sessions.Open(sessionId);
        }

        var prior = sessions is not null ? sessions.Transcript(sessionId!)
            : options.GetDict("transcript") is { } given ? given
            : Transcript.Create(Value.Nil);
        using var mcpTools = Mcp.McpAgentTools.Attach(context, options);
        options = mcpTools.Options;
        var loop = new AgentLoop(context, library, options, prior, ceilings, sessionId);
        if (sessions is not null && loop._skills is not null)
        {
            loop._skills.Rehydrate(sessions.Get(sessionId!, "agent_loop").ActiveSkills);
        }

        using var scope = sessions?.Enter(sessionId!);
        var result = loop.Execute(prompt, system, profile);
        if (sessions is not null)
        {
            sessions.Replace(sessionId!, loop._transcript);
            result = result.With("session_id", Value.FromString(sessionId!));
            if (loop._skills is not null && sessions.Find(sessionId!) is { } session)
            {
                session.ActiveSkills.Clear();
                session.ActiveSkills.AddRange(loop._skills.ActiveNames);
            }
        }

        return (result, loop);
    }

    /// <summary>Tells the host how far the loop has come (PowerShell shows it with Write-Progress).</summary>
    private void ReportProgress(string doing, int maxIterations, bool completed)
    {
        var percent = maxIterations > 0 ? Math.Min(100, _trace.Iterations * 100 / maxIterations) : -1;
        var status = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Iteration {_trace.Iterations} of {maxIterations}: {doing}");
        RunProgress.Report(_context, new HarnProgress("agent_loop", status, completed ? 100 : percent, completed));
    }

    private HarnDict Execute(Value prompt, Value system, AgentProfile profile)
    {
        var watch = Stopwatch.StartNew();
        var maxIterations = (int)(_options.GetInt("max_iterations") ?? profile.MaxIterations);
        var maxNudges = (int)(_options.GetInt("max_nudges") ?? profile.MaxNudges);
        var persistent = _options.GetBool("persistent", false);
        var daemon = _options.GetBool("daemon", false);
        var spec = LlmCallSpec.Parse(Value.Nil, system, _options.Without("messages").Without("transcript").Without("tools"), profile.LlmRetries, 2000, profile.SchemaRetries);
        var baseSystem = spec.Request.System;
        StartToolSearch(spec.Request);
        _messages.AddRange(Transcript.Messages(Value.FromDict(_transcript)).Where(m => m.Kind == ValueKind.Dict).Select(m => m.AsDict));
        if (!prompt.IsNil)
        {
            AddMessage(LlmCallSpec.UserMessage(prompt));
        }

        var allText = new StringBuilder();
        var visible = string.Empty;
        var textOnlyTurns = 0;
        string? status = null;
        StructuredOutcome? last = null;
        var totalBudget = _options.GetDict("budget") is { } budget && budget.TryGetValue("total_budget_usd", out var total) && total.IsNumber ? total.AsNumber : (double?)null;
        while (status is null && _trace.Iterations < maxIterations)
        {
            if (_tokenBudget is { } tokenLimit && TokensUsed > tokenLimit)
            {
                BudgetExceeded = true;
                status = "budget_exhausted";
                break;
            }

            _skills?.Match(_context, _trace.Iterations, LatestRequest(), Emit);
            DrainFeedback();
            var tools = EffectiveTools();
            var systemText = SystemPrompt(baseSystem, persistent, tools);
            var nativeTools = !_native ? []
                : _searchCatalog is not null && _searchPath != ToolSearchPath.Client ? _searchCatalog.NativePayload(_searchPath, _search!, tools)
                : LlmCallSpec.NativeTools(tools);
            MaybeCompact(spec.Request);
            var request = spec.Request with { Messages = _messages.ToList(), System = systemText, Tools = nativeTools };
            if (totalBudget is { } limit && _trace.CostUsd + LlmBudget.Projection(request).CostUsd > limit)
            {
                status = "budget_exhausted";
                break;
            }

            _trace.Iterations++;
            ReportProgress("waiting for the model", maxIterations, completed: false);
            var llmWatch = Stopwatch.StartNew();
            try
            {
                last = LlmCaller.Run(_context, _state, spec.WithRequest(request, OnRetry));
            }
            catch (LlmFailure failure)
            {
                throw failure.Error.ToException();
            }

            var response = last.Response;
            _trace.LlmDurationMs += llmWatch.ElapsedMilliseconds;
            _trace.LlmCalls++;
            _trace.InputTokens += response.InputTokens;
            _trace.OutputTokens += response.OutputTokens;
            _trace.CostUsd += ProviderCatalog.Cost(response.Model, response.InputTokens, response.OutputTokens, response.CacheReadTokens, response.CacheWriteTokens);
            if (last.FailureCategory is not null && spec.OutputValidation == "error")
            {
                throw LlmCaller.OutcomeError(last).ToException();
            }

            var text = response.Text;
            allText.Append(allText.Length > 0 && text.Length > 0 ? "\n" : string.Empty).Append(text);
            visible = VisibleText.Of(text.Replace("<done>" + Sentinel + "</done>", Sentinel, StringComparison.Ordinal));
            var calls = response.ToolCalls.Select(call => (Id: call.GetString("id") ?? string.Empty, Name: call.GetString("name") ?? string.Empty, Arguments: call.Get("arguments"))).ToList();
            if (calls.Count == 0 && !tools.IsNil && TextToolCalls.Parse(text) is { Count: > 0 } textCalls)
            {
                if (_native && !AcceptFallback(text))
                {
                    AddAssistant(response, []);
                    AddMessage(LlmCallSpec.UserMessage(Value.FromString(
                        "Tool calls must use the native tool-calling interface, not <tool_call> text. Call the tool natively.")));
                    continue;
                }

                calls = textCalls.Select((call, i) => ("text_call_" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), call.Name, call.Arguments)).ToList();
            }

            AddAssistant(response, _native ? response.ToolCalls : []);
            if (calls.Count > 0)
            {
                textOnlyTurns = 0;
                ReportProgress("running " + string.Join(", ", calls.Select(call => call.Name).Distinct()), maxIterations, completed: false);
                var (succeeded, results) = RunTools(calls, nativeResults: response.ToolCalls.Count > 0);
                if (PostTurn(calls, results, succeeded)
                    || text.Contains(Sentinel, StringComparison.Ordinal)
                    || (_options.Get("stop_after_successful_tools") is { Kind: ValueKind.List } stopAfter && stopAfter.AsList.Any(n => n.IsString && succeeded.Contains(n.AsString))))
                {
                    status = "done";
                }

                continue;
            }

            if (daemon)
            {
                if (!Idle(spec.Request))
                {
                    status = "idle";
                    break;
                }

                continue;
            }

            if (text.Contains(Sentinel, StringComparison.Ordinal) || !persistent)
            {
                status = "done";
                break;
            }

            textOnlyTurns++;
            if (textOnlyTurns > maxNudges)
            {
                status = "stuck";
                break;
            }

            _trace.Interventions++;
            AddMessage(LlmCallSpec.UserMessage(Value.FromString(_options.GetString("nudge") ?? Nudge())));
        }

        status ??= "budget_exhausted";
        ReportProgress(status, maxIterations, completed: true);
        if (status == "done" && _options.Get("require_successful_tools") is { Kind: ValueKind.List } required
            && !required.AsList.Any(n => n.IsString && _trace.SuccessfulTools.Contains(n.AsString)))
        {
            status = "failed";
        }

        if (daemon)
        {
            Persist(status);
        }

        var elapsed = watch.ElapsedMilliseconds;
        var result = HarnDict.Empty
            .With("status", Value.FromString(status))
            .With("text", Value.FromString(allText.ToString()))
            .With("visible_text", Value.FromString(visible))
            .With("llm", Value.FromDict(_trace.Llm(elapsed)))
            .With("tools", Value.FromDict(_trace.Tools(_native ? "native" : "text")))
            .With("deferred_user_messages", Value.FromList(HarnList.Empty))
            .With("daemon_state", Value.FromString(status))
            .With("daemon_snapshot_path", daemon && _options.GetString("persist_path") is { } snapshotPath ? Value.FromString(snapshotPath) : Value.Nil)
            .With("task_ledger", Value.FromDict(HarnDict.Empty))
            .With("trace", Value.FromDict(_trace.Summary(status, elapsed)))
            .With("transcript", Value.FromDict(_transcript));
        return spec.JsonMode && last is not null ? result.With("data", last.HasData ? last.Data : Value.Nil) : result;
    }

    /// <summary>
    /// A daemon's text-only turn: consolidate (when asked), persist the idle snapshot, then wait
    /// for the wake timer. False when nothing can wake the daemon, so it ends idle.
    /// </summary>
    private bool Idle(LlmRequest request)
    {
        if (_options.GetBool("consolidate_on_idle", false))
        {
            MaybeCompact(request, force: true);
        }

        Persist("idle");
        if (_options.GetInt("wake_interval_ms") is not { } interval)
        {
            return false;
        }

        LlmWait.Delay(_context, Math.Max(0, interval));
        AddMessage(LlmCallSpec.UserMessage(Value.FromString("[daemon wake: timer elapsed] Check for new work and continue.")));
        return true;
    }

    /// <summary>Writes the daemon snapshot to <c>persist_path</c> (when set).</summary>
    private void Persist(string state)
    {
        if (_options.GetString("persist_path") is not { } path)
        {
            return;
        }

        var snapshot = HarnDict.Empty
            .With("_type", Value.FromString("agent_daemon_snapshot"))
            .With("daemon_state", Value.FromString(state))
            .With("total_iterations", Value.FromInt(_trace.Iterations))
            .With("transcript_summary", _transcript.Get("summary") is { Kind: ValueKind.String } summary ? summary : Value.FromString(string.Empty))
            .With("transcript", Value.FromDict(_transcript));
        try
        {
            File.WriteAllText(path, JsonConversion.Stringify(Value.FromDict(snapshot), pretty: true));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw RuntimeErrors.Thrown($"agent_loop: cannot write daemon snapshot {path}: {error.Message}");
        }
    }

    private void OnRetry(LlmError error)
    {
        if (error.Message.Contains("delivered no content", StringComparison.Ordinal) || error.Message.Contains("empty completion", StringComparison.OrdinalIgnoreCase))
        {
            _trace.EmptyCompletionRetries++;
        }
    }

    /// <summary>Applies <c>native_tool_fallback</c> (<c>allow</c>, <c>allow_once</c>, <c>reject</c>) to a native-mode turn that used text tool calls.</summary>
    private bool AcceptFallback(string text)
    {
        _trace.NativeTextToolFallbacks++;
        var policy = _options.GetString("native_tool_fallback") ?? "allow";
        var accepted = policy == "allow" || (policy == "allow_once" && _trace.NativeTextToolFallbacks == 1);
        if (!accepted)
        {
            _trace.NativeTextToolFallbackRejections++;
        }

        _transcript = Transcript.AppendEvent(_transcript, "native_tool_fallback", "assistant", "internal", text, Value.FromList(HarnList.Empty), Value.FromDict(HarnDict.Empty
            .With("accepted", Value.FromBool(accepted))
            .With("policy", Value.FromString(policy))
            .With("fallback_index", Value.FromInt(_trace.NativeTextToolFallbacks))));
        return accepted;
    }

    /// <summary>
    /// Runs the turn's tool calls in order and feeds each result back (as <c>tool</c> messages for
    /// native calls, as <c>&lt;tool_result&gt;</c> user messages for text calls); returns the
    /// names of the tools that succeeded and one summary per call.
    /// </summary>
    private (HashSet<string> Succeeded, List<Value> Results) RunTools(List<(string Id, string Name, Value Arguments)> calls, bool nativeResults)
    {
        var succeeded = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<Value>();

        // A sub-agent started by a tool handler inherits this loop's tool ceilings.
        using var inherited = ToolScope.Enter(_context, Scopes());
        foreach (var (id, name, arguments) in calls)
        {
            var toolWatch = Stopwatch.StartNew();
            _trace.ToolCalls.Add(name);
            var outcome = Dispatch(id, name, arguments.IsNil ? Value.FromDict(HarnDict.Empty) : arguments);
            _trace.ToolDurationMs += toolWatch.ElapsedMilliseconds;
            results.Add(Value.FromDict(HarnDict.Empty
                .With("tool_name", Value.FromString(name))
                .With("status", Value.FromString(outcome.Status))
                .With("rejected", Value.FromBool(outcome.IsRejected))));
            if (outcome.IsRejected)
            {
                FirstRejection ??= (name, outcome.Reason ?? "denied");
                _trace.ToolRejections++;
                _trace.RejectedTools.Add(name);
            }
            else
            {
                _trace.ToolExecutions++;
                if (outcome.IsOk)
                {
                    _trace.SuccessfulTools.Add(name);
                    succeeded.Add(name);
                    RecordPlan(name, outcome.Result);
                }
            }

            AddMessage(nativeResults
                ? HarnDict.Empty
                    .With("role", Value.FromString("tool"))
                    .With("tool_call_id", Value.FromString(id))
                    .With("name", Value.FromString(name))
                    .With("content", Value.FromString(outcome.Text))
                : LlmCallSpec.UserMessage(Value.FromString(ToolCallText.FormatResult(name, Value.FromString(outcome.Text)))));
        }

        return (succeeded, results);
    }

    /// <summary>A tool that returns a structured plan (std/plan's <c>harn.plan.v1</c>) leaves a <c>plan</c> event in the transcript.</summary>
    private void RecordPlan(string tool, Value result)
    {
        if (result.Kind != ValueKind.Dict || result.AsDict.GetString("schema_version") != "harn.plan.v1")
        {
            return;
        }

        _transcript = Transcript.AppendEvent(_transcript, "plan", "assistant", "internal", result.AsDict.GetString("summary") ?? "plan", Value.FromList(HarnList.Empty), Value.FromDict(HarnDict.Empty
            .With("tool", Value.FromString(tool))
            .With("plan", result)));
    }

    /// <summary>
    /// Runs <c>post_turn_callback</c> after a tool turn: a returned string (or <c>message</c>) is
    /// injected as the next user message; <c>true</c> (or <c>stop: true</c>) ends the loop.
    /// </summary>
    private bool PostTurn(List<(string Id, string Name, Value Arguments)> calls, List<Value> results, HashSet<string> succeeded)
    {
        var callback = _options.Get("post_turn_callback");
        if (!Args.IsCallable(callback))
        {
            return false;
        }

        _consecutiveSingleToolTurns = calls.Count == 1 ? _consecutiveSingleToolTurns + 1 : 0;
        var info = HarnDict.Empty
            .With("tool_names", HostValues.Strings(calls.Select(call => call.Name)))
            .With("tool_results", HostValues.List(results))
            .With("successful_tool_names", HostValues.Strings(succeeded))
            .With("tool_count", Value.FromInt(calls.Count))
            .With("iteration", Value.FromInt(_trace.Iterations - 1))
            .With("consecutive_single_tool_turns", Value.FromInt(_consecutiveSingleToolTurns))
            .With("session_tools_used", HostValues.Strings(_trace.ToolCalls.Distinct()))
            .With("session_successful_tools", HostValues.Strings(_trace.SuccessfulTools.Distinct()));
        var answer = _context.Invoke(callback, [Value.FromDict(info)]);
        var message = answer.Kind == ValueKind.String ? answer.AsString : answer.Kind == ValueKind.Dict ? answer.AsDict.GetString("message") : null;
        if (!string.IsNullOrEmpty(message))
        {
            _trace.Interventions++;
            AddMessage(LlmCallSpec.UserMessage(Value.FromString(message)));
        }

        return answer.Kind == ValueKind.Bool ? answer.AsBool : answer.Kind == ValueKind.Dict && answer.AsDict.GetBool("stop", false);
    }

    /// <summary>
    /// Compacts the prompt-visible history when its estimated size passes <c>compact_threshold</c>
    /// (default: three quarters of the model's context window): older messages become a summary
    /// written by the <c>compaction</c> strategy, the last ones stay verbatim.
    /// </summary>
    private void MaybeCompact(LlmRequest request, bool force = false)
    {
        var policy = _options.Get("compaction");
        if (policy.Kind == ValueKind.Bool && !policy.AsBool || policy.Kind == ValueKind.String && policy.AsString == "none")
        {
            return;
        }

        var policyDict = policy.Kind == ValueKind.Dict ? policy.AsDict : HarnDict.Empty;
        var strategy = policy.Kind == ValueKind.String ? policy.AsString
            : policyDict.GetString("strategy") ?? _options.GetString("compact_strategy")
            ?? (Args.IsCallable(_options.Get("compact_callback")) ? "custom" : "hybrid");
        var keepLast = (int)Math.Max(0, _options.GetInt("compact_keep_last") ?? policyDict.GetInt("keep_last_n") ?? DefaultKeepLast);
        var threshold = _options.GetInt("compact_threshold")
            ?? (ProviderCatalog.FindModel(request.Model)?.ContextWindow ?? DefaultContextWindow) * 3 / 4;
        var estimate = _messages.Sum(message => (long)LlmRequest.ContentText(message.Get("content")).Length) / 4;
        if ((!force && estimate <= threshold) || _messages.Count <= keepLast)
        {
            return;
        }

        var compactOptions = HarnDict.Empty
            .With("keep_last", Value.FromInt(keepLast))
            .With("strategy", Value.FromString(strategy))
            .With("compact_callback", _options.Get("compact_callback"))
            .With("provider", Value.FromString(request.Provider))
            .With("model", Value.FromString(request.Model));
        var compacted = _library.CallBuiltin(_context, "transcript_compact", Value.FromDict(_transcript), Value.FromDict(compactOptions));
        if (compacted.Kind != ValueKind.Dict)
        {
            return;
        }

        _trace.Compactions++;
        _transcript = MarkEngine(compacted.AsDict, strategy switch
        {
            "custom" => "custom",
            "truncate" => "truncate",
            "observation_mask" => "observation_mask",
            _ => "llm",
        });
        var kept = _messages.Skip(_messages.Count - keepLast).ToList();
        _messages.Clear();
        _messages.Add(LlmCallSpec.UserMessage(Value.FromString("[Summary of the earlier conversation]\n" + (_transcript.GetString("summary") ?? string.Empty))));
        _messages.AddRange(kept);
    }

    /// <summary>Records which engine wrote the summary on the newest <c>compaction</c> event.</summary>
    private static HarnDict MarkEngine(HarnDict transcript, string engine)
    {
        var events = Transcript.Events(Value.FromDict(transcript));
        for (var i = events.Count - 1; i >= 0; i--)
        {
            if (events[i].Kind == ValueKind.Dict && events[i].AsDict.GetString("kind") == "compaction")
            {
                var ev = events[i].AsDict;
                var metadata = (ev.GetDict("metadata") ?? HarnDict.Empty).With("engine_strategy", Value.FromString(engine));
                return transcript.With("events", Value.FromList(events.SetItem(i, Value.FromDict(ev.With("metadata", Value.FromDict(metadata))))));
            }
        }

        return transcript;
    }

    private ToolOutcome Dispatch(string id, string name, Value arguments)
    {
        if (_searchClient is not null && ToolRegistry.Find(_tools, name) is null && name == _searchClient.ToolName)
        {
            return _searchClient.Search(id, arguments, EmitSearch);
        }

        if (_searchClient is not null && _searchClient.IsHidden(name))
        {
            var hidden = $"tool '{name}' is not loaded; call `{_searchClient.ToolName}` to find and load it first";
            return new ToolOutcome("error", Value.FromString(hidden), hidden, hidden, arguments);
        }

        if (_skills is not null && name == SkillLifecycle.LoadToolName && ToolRegistry.Find(_tools, name) is null)
        {
            return _skills.Load(_context, arguments, _sessionId, Math.Max(0, _trace.Iterations - 1), Emit);
        }

        var entry = ToolRegistry.Find(_tools, name);
        if (entry is not null && ToolScope.Refusing(Scopes(), name, entry) is { } refusing)
        {
            return Deny(name, $"tool '{name}' is outside the {refusing.Origin} scope", arguments);
        }

        // The policy's tool list is a ceiling over per-agent permissions: an allow rule cannot lift it.
        if (_permissions is not null && entry is not null && _policy.Check(entry, name, arguments) is { Code: "policy_denied" } ceiling)
        {
            return Deny(name, ceiling.Reason, arguments);
        }

        if (_permissions is not null)
        {
            var (allowed, reason, events) = _permissions.Decide(_context, name, arguments);
            foreach (var (kind, text, metadata) in events)
            {
                _transcript = Transcript.AppendEvent(_transcript, kind, "system", "internal", text, Value.FromList(HarnList.Empty), Value.FromDict(metadata));
            }

            if (!allowed)
            {
                var payload = HarnDict.Empty
                    .With("error", Value.FromString("permission_denied"))
                    .With("tool", Value.FromString(name))
                    .With("reason", Value.FromString(reason ?? "denied"));
                return new ToolOutcome("rejected", Value.FromDict(payload), JsonConversion.Stringify(Value.FromDict(payload)), reason, arguments);
            }
        }

        return ToolExecutor.Execute(_context, _tools, name, arguments, _policy);
    }

    /// <summary>Refuses a call outside the loop's ceilings, recorded as a <c>PermissionDeny</c> event when the loop has permissions.</summary>
    private ToolOutcome Deny(string name, string reason, Value arguments)
    {
        if (_permissions is not null)
        {
            Emit("PermissionDeny", $"{name} denied: {reason}", HarnDict.Empty
                .With("tool", Value.FromString(name))
                .With("args", arguments)
                .With("reason", Value.FromString(reason))
                .With("grant", Value.Nil));
        }

        var payload = HarnDict.Empty
            .With("error", Value.FromString("permission_denied"))
            .With("tool", Value.FromString(name))
            .With("reason", Value.FromString(reason));
        return new ToolOutcome("rejected", Value.FromDict(payload), JsonConversion.Stringify(Value.FromDict(payload)), reason, arguments);
    }

    /// <summary>The scopes in force: the ceilings the loop was started under, then the active skills' tools.</summary>
    private List<ToolScope> Scopes()
    {
        var scopes = new List<ToolScope>(_ceilings);
        if (_skills?.Scope() is { } skillScope)
        {
            scopes.Add(skillScope);
        }

        return scopes;
    }

    /// <summary>The tools the model is offered this turn: the registry narrowed by the scopes, plus the runtime <c>load_skill</c> tool when the loop has skills.</summary>
    private Value EffectiveTools()
    {
        var tools = ToolScope.Filter(_tools, Scopes());
        if (_searchClient is not null)
        {
            tools = _searchClient.Visible(tools);
        }

        if (_skills is null || ToolRegistry.Find(_tools, SkillLifecycle.LoadToolName) is not null)
        {
            return tools;
        }

        return ToolRegistry.With(tools.IsNil ? ToolRegistry.Create([]) : tools, SkillLifecycle.LoadToolEntry());
    }

    /// <summary>The newest request of the user (tool results aside), which skill matching reads.</summary>
    private string LatestRequest()
    {
        for (var i = _messages.Count - 1; i >= 0; i--)
        {
            if (_messages[i].GetString("role") == "user")
            {
                var text = LlmRequest.ContentText(_messages[i].Get("content"));
                if (!text.StartsWith("<tool_result", StringComparison.Ordinal))
                {
                    return text;
                }
            }
        }

        return string.Empty;
    }

    /// <summary>Picks where the loop's tool search runs (<c>tool_search</c> option), before the first turn.</summary>
    private void StartToolSearch(LlmRequest request)
    {
        if (_search is null)
        {
            return;
        }

        _searchCatalog = ToolSearchCatalog.Of(_tools, _search, "agent_loop");
        _searchPath = ToolSearchRoute.Resolve(_state, _search, request.Provider, request.Model, _options, _native, "agent_loop");
        _searchClient = _searchPath == ToolSearchPath.Client ? new ToolSearchClient(_search, _searchCatalog) : null;
    }

    /// <summary>Records a tool-search event in the transcript and tells the session's subscribers as it happens.</summary>
    private void EmitSearch(string kind, string text, HarnDict metadata)
    {
        _transcript = Transcript.AppendEvent(_transcript, kind, kind == "tool_search_query" ? "assistant" : "tool", "internal", text, Value.FromList(HarnList.Empty), Value.FromDict(metadata));
        if (_sessionId is not null)
        {
            AgentSessionStore.Of(_context).Emit(_context, _sessionId, Value.FromDict(metadata
                .With("type", Value.FromString(kind))
                .With("session_id", Value.FromString(_sessionId))));
        }
    }

    /// <summary>Feedback queued for the loop's session (<c>agent_inject_feedback</c>) becomes user messages before the next model call.</summary>
    private void DrainFeedback()
    {
        if (_sessionId is null)
        {
            return;
        }

        foreach (var (kind, content) in AgentSessionStore.Of(_context).DrainFeedback(_sessionId))
        {
            AddMessage(LlmCallSpec.UserMessage(Value.FromString($"[{kind}] {content}")));
        }
    }

    private void Emit(string kind, string text, HarnDict metadata) =>
        _transcript = Transcript.AppendEvent(_transcript, kind, "system", "internal", text, Value.FromList(HarnList.Empty), Value.FromDict(metadata));

    private void AddMessage(HarnDict message)
    {
        _messages.Add(message);
        _transcript = Transcript.AppendMessage(_transcript, Value.FromDict(message));
    }

    private void AddAssistant(LlmResponse response, IReadOnlyList<HarnDict> nativeCalls)
    {
        if (response.Thinking is { } thinking)
        {
            _transcript = Transcript.AppendEvent(_transcript, "private_reasoning", "assistant", "private", thinking, Value.FromList(HarnList.Empty), Value.Nil);
        }

        var message = HarnDict.Empty
            .With("role", Value.FromString("assistant"))
            .With("content", Value.FromString(response.Text));
        AddMessage(nativeCalls.Count == 0 ? message : message.With("tool_calls", Value.FromList(HarnList.Create(nativeCalls.Select(Value.FromDict)))));
    }

    private string? SystemPrompt(string? system, bool persistent, Value tools)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(system))
        {
            parts.Add(system);
        }

        if (_skills?.SystemSection() is { } skillSection)
        {
            parts.Add(skillSection);
        }

        if (_searchClient is not null)
        {
            // Native prompts carry no tool contract, so the section names what is loaded.
            parts.Add(_searchClient.SystemSection(_native ? ToolRegistry.Entries(tools).Select(ToolRegistry.NameOf) : null));
        }

        if (!_native && ToolRegistry.Entries(tools) is { Count: > 0 } entries)
        {
            var contract = new StringBuilder("You can call these tools. To call one, write <tool_call>\nname({ key: value })\n</tool_call>; results come back in <tool_result> blocks.\n");
            foreach (var entry in entries)
            {
                contract.Append("- ").Append(ToolRegistry.NameOf(entry)).Append(": ").Append(entry.GetString("description") ?? string.Empty)
                    .Append(" Parameters: ").Append(JsonConversion.Stringify(ToolRegistry.InputSchema(entry))).Append('\n');
            }

            parts.Add(contract.ToString().TrimEnd());
        }

        if (persistent)
        {
            parts.Add(_native || tools.IsNil
                ? "IMPORTANT: You MUST keep working until the task is complete. When it is complete, output ##DONE## on its own line."
                : "IMPORTANT: You MUST keep working until the task is complete. When it is complete, output <done>##DONE##</done>.");
        }

        return parts.Count == 0 ? null : string.Join("\n\n", parts);
    }

    private string Nudge() => _native || _tools.IsNil
        ? "Continue working on the task and make concrete progress. Output ##DONE## only when the task is complete."
        : "Continue working on the task with concrete tool calls. Output <done>##DONE##</done> only when the task is complete.";
}
