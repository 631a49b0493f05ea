using Harn.Runtime;
using Harn.Stdlib.Agents;
using Harn.Stdlib.Concurrency;

namespace Harn.Stdlib.Host;

/// <summary>
/// Command-execution policies: <c>command_policy(config)</c> normalizes one, <c>command_policy_push</c>
/// / <c>command_policy_pop</c> install it for the run (and <c>agent_loop</c> scopes one with its
/// <c>command_policy</c> option). While one is installed, <c>host_call("process.exec", ...)</c>
/// goes through <see cref="Exec"/>: deny patterns, the pre-hook (deny, require approval, rewrite,
/// dry run), deterministic risk labels against <c>require_approval</c>, then the spawn and the
/// post-hook, whose decisions are recorded in the envelope under <c>command_policy</c>.
/// A blocked command returns a <c>status: "blocked"</c> envelope without spawning anything.
/// </summary>
internal static class CommandPolicies
{
    private sealed class PolicyState
    {
        public List<HarnDict> Stack { get; } = [];

        /// <summary>True while a policy hook runs, so a command it starts is recursion.</summary>
        public bool InHook { get; set; }
    }

    private static readonly RunLocal<PolicyState> States = new(() => new PolicyState());

    private static readonly string[] ListFields = ["tools", "workspace_roots", "deny_patterns", "require_approval"];

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("command_policy", (_, args) => Value.FromDict(Normalize(Args.At(args, 0), "command_policy")));
        registry.Register("command_policy_push", (context, args) =>
        {
            States.Get(context).Stack.Add(Normalize(Args.At(args, 0), "command_policy_push"));
            return Value.Nil;
        });
        registry.Register("command_policy_pop", (context, _) =>
        {
            var stack = States.Get(context).Stack;
            if (stack.Count == 0)
            {
                throw RuntimeErrors.Thrown("command_policy_pop: no command policy is installed");
            }

            stack.RemoveAt(stack.Count - 1);
            return Value.Nil;
        });
        registry.Register("command_risk_scan", (context, args) => Scan(context, Args.At(args, 0), "command_risk_scan", "deterministic"));
        registry.Register("command_llm_risk_scan", (context, args) =>
        {
            // The deterministic classifier answers in the LLM scan's shape, so tests and offline runs make no network call.
            var report = Scan(context, Args.At(args, 0), "command_llm_risk_scan", "deterministic_fallback").AsDict;
            var options = Args.At(args, 1);
            var redacted = options.Kind == ValueKind.Dict ? Value.FromDict(options.AsDict.Without("api_key").Without("headers")) : Value.Nil;
            return Value.FromDict(report.With("options", redacted));
        });
        registry.Register("command_result_scan", (_, args) => ResultScan(Args.At(args, 0)));
    }

    /// <summary>Runs <paramref name="body"/> with <paramref name="options"/>'s <c>command_policy</c> (or <c>policy.command_policy</c>) installed.</summary>
    public static Value Scoped(BuiltinContext context, HarnDict options, Func<Value> body)
    {
        var policy = options.Get("command_policy", Value.Nil);
        if (policy.IsNil && options.GetDict("policy") is { } nested)
        {
            policy = nested.Get("command_policy", Value.Nil);
        }

        if (policy.IsNil)
        {
            return body();
        }

        var stack = States.Get(context).Stack;
        stack.Add(Normalize(policy, "agent_loop"));
        var depth = stack.Count;
        try
        {
            return body();
        }
        finally
        {
            if (stack.Count >= depth)
            {
                stack.RemoveAt(depth - 1);
            }
        }
    }

    public static bool Active(BuiltinContext context) => States.Get(context).Stack.Count > 0;

    private static HarnDict Normalize(Value config, string function)
    {
        if (config.Kind != ValueKind.Dict)
        {
            throw Args.Expected(function, "a command policy dict", config);
        }

        var fields = config.AsDict;
        var policy = HarnDict.Empty.With("_type", Value.FromString("command_policy"));
        foreach (var name in ListFields)
        {
            var value = fields.Get(name, Value.Nil);
            if (!value.IsNil && (value.Kind != ValueKind.List || value.AsList.Any(item => item.Kind != ValueKind.String)))
            {
                throw RuntimeErrors.Thrown($"{function}: {name} must be a list of strings");
            }

            policy = policy.With(name, value.IsNil ? Value.FromList(HarnList.Empty) : value);
        }

        foreach (var hook in new[] { "pre", "post" })
        {
            var value = fields.Get(hook, Value.Nil);
            if (!value.IsNil && !Args.IsCallable(value))
            {
                throw RuntimeErrors.Thrown($"{function}: {hook} must be a function or nil");
            }

            policy = policy.With(hook, value);
        }

        var shellMode = fields.Get("default_shell_mode", Value.Nil);
        if (!shellMode.IsNil && shellMode.Kind != ValueKind.String)
        {
            throw RuntimeErrors.Thrown($"{function}: default_shell_mode must be a string");
        }

        return policy
            .With("default_shell_mode", shellMode)
            .With("allow_recursive", Value.FromBool(Truthiness.IsTruthy(fields.Get("allow_recursive", Value.False))));
    }

    private static List<string> Strings(HarnDict policy, string key) =>
        policy.TryGetValue(key, out var list) && list.Kind == ValueKind.List ? list.AsList.Select(v => v.AsString).ToList() : [];

    private static (List<string> Argv, string? Cwd) RequestWords(HarnDict request)
    {
        var argv = request.TryGetValue("argv", out var list) && list.Kind == ValueKind.List ? list.AsList.Select(ValueFormatter.Display).ToList() : [];
        if (argv.Count == 0 && request.GetString("command") is { } command)
        {
            argv = [command];
        }

        return (argv, request.GetString("cwd"));
    }

    private static Value Scan(BuiltinContext context, Value ctx, string function, string source)
    {
        if (ctx.Kind != ValueKind.Dict)
        {
            throw Args.Expected(function, "a command context dict", ctx);
        }

        var request = ctx.AsDict.GetDict("request") ?? ctx.AsDict;
        var roots = ctx.AsDict.TryGetValue("workspace_roots", out var r) && r.Kind == ValueKind.List
            ? r.AsList.Select(ValueFormatter.Display).ToList()
            : States.Get(context).Stack.LastOrDefault() is { } top ? Strings(top, "workspace_roots") : [];
        var (argv, cwd) = RequestWords(request);
        var (labels, reasons) = CommandRiskScan.Classify(argv, cwd, roots);
        return CommandRiskScan.Report(labels, reasons, source);
    }

    private static Value ResultScan(Value ctx)
    {
        if (ctx.Kind != ValueKind.Dict)
        {
            throw Args.Expected("command_result_scan", "a command result dict", ctx);
        }

        var result = ctx.AsDict.GetDict("result") ?? ctx.AsDict;
        var output = (result.GetString("stdout") ?? "") + "\n" + (result.GetString("stderr") ?? "");
        string[] secrets = ["-----BEGIN", "AKIA", "aws_secret_access_key", "password=", "PASSWORD=", "TOKEN=", "token=", "secret=", "SECRET="];
        var found = secrets.Where(marker => output.Contains(marker, StringComparison.Ordinal)).ToList();
        return HostValues.Dict(
            ("risk_labels", HostValues.Strings(found.Count > 0 ? ["secret_in_output"] : [])),
            ("confidence", Value.FromFloat(found.Count > 0 ? 0.8 : 0.9)),
            ("rationale", Value.FromString(found.Count > 0 ? "output contains what looks like a secret" : "no secret-like output found")),
            ("recommended_action", Value.FromString(found.Count > 0 ? "redact" : "allow")));
    }

    /// <summary>Runs <c>process.exec</c> under the innermost installed policy; <paramref name="spawn"/> starts the process.</summary>
    public static Value Exec(BuiltinContext context, HarnDict parameters, Func<long> nextId, Func<HarnDict, Value> spawn)
    {
        var state = States.Get(context);
        var policy = state.Stack[^1];
        if (state.InHook && !Truthiness.IsTruthy(policy.Get("allow_recursive", Value.False)))
        {
            return Blocked(nextId(), "deny", "a command policy hook may not run commands (allow_recursive is false)", [], null);
        }

        var roots = Strings(policy, "workspace_roots");
        var request = parameters;
        var preDecision = Value.Nil;
        if (DeniedBy(policy, request) is { } pattern)
        {
            return Blocked(nextId(), "deny", $"matched deny pattern '{pattern}'", [], pattern);
        }

        if (policy.Get("pre", Value.Nil) is { IsNil: false } pre)
        {
            var decision = RunHook(context, state, pre, Context(request, roots, policy, Value.Nil));
            preDecision = decision;
            if (decision.Kind == ValueKind.Dict)
            {
                var fields = decision.AsDict;
                if (fields.TryGetValue("deny", out var deny) && Truthiness.IsTruthy(deny))
                {
                    return Blocked(nextId(), "deny", deny.Kind == ValueKind.String ? deny.AsString : "denied by the pre-hook", [], null);
                }

                if (fields.TryGetValue("require_approval", out var approval) && Truthiness.IsTruthy(approval))
                {
                    return Blocked(nextId(), "require_approval", "requires approval: " + (approval.Kind == ValueKind.String ? approval.AsString : "the pre-hook asked for it"), [], null);
                }

                if (fields.GetDict("rewrite") is { } rewrite)
                {
                    foreach (var (key, value) in rewrite)
                    {
                        if (key is "argv" or "command" or "cwd" or "env" or "timeout_ms" or "shell" or "stdin" or "mode")
                        {
                            request = request.With(key, value);
                        }
                    }

                    if (DeniedBy(policy, request) is { } rewritten)
                    {
                        return Blocked(nextId(), "deny", $"matched deny pattern '{rewritten}'", [], rewritten);
                    }
                }

                if (Truthiness.IsTruthy(fields.Get("dry_run", Value.False)) || Truthiness.IsTruthy(fields.Get("explain_only", Value.False)))
                {
                    var (words, _) = RequestWords(request);
                    return Envelope(nextId(), "dry_run", "", "", null, PolicyRecord("dry_run", null, [], preDecision, Value.Nil).With("request", Value.FromDict(request)), string.Join(" ", words));
                }
            }
        }

        var (argv, cwd) = RequestWords(request);
        var (labels, _) = CommandRiskScan.Classify(argv, cwd, roots);
        var gated = labels.Intersect(Strings(policy, "require_approval")).ToList();
        if (gated.Count > 0)
        {
            return Blocked(nextId(), "require_approval", $"{string.Join(", ", gated)} requires approval", labels, null);
        }

        var result = spawn(request);
        if (result.Ref is VmSuspension pending)
        {
            result = ConcurrencyHelpers.VmOf(context, "host_call").WaitInPlace(pending);
        }

        var annotation = Value.Nil;
        if (policy.Get("post", Value.Nil) is { IsNil: false } post)
        {
            annotation = RunHook(context, state, post, Context(request, roots, policy, result));
            if (annotation.Kind == ValueKind.Dict && annotation.AsDict.TryGetValue("result", out var replaced) && replaced.Kind == ValueKind.Dict)
            {
                result = replaced;
            }
        }

        if (result.Kind != ValueKind.Dict)
        {
            return result;
        }

        return Value.FromDict(result.AsDict.With("command_policy", Value.FromDict(PolicyRecord("allow", null, labels, preDecision, annotation))));
    }

    private static string? DeniedBy(HarnDict policy, HarnDict request)
    {
        var (argv, _) = RequestWords(request);
        var text = string.Join(" ", argv);
        return Strings(policy, "deny_patterns").FirstOrDefault(p => ToolGlob.Matches(p, text) || (!p.Contains('*') && !p.Contains('?') && text.Contains(p, StringComparison.Ordinal)));
    }

    private static Value Context(HarnDict request, List<string> roots, HarnDict policy, Value result)
    {
        var (argv, cwd) = RequestWords(request);
        var (labels, reasons) = CommandRiskScan.Classify(argv, cwd, roots);
        return HostValues.Dict(
            ("request", Value.FromDict(request)),
            ("cwd", HostValues.Str(cwd)),
            ("workspace_roots", HostValues.Strings(roots)),
            ("policy", Value.FromDict(policy.Without("pre").Without("post"))),
            ("scan", CommandRiskScan.Report(labels, reasons, "deterministic")),
            ("result", result));
    }

    private static Value RunHook(BuiltinContext context, PolicyState state, Value hook, Value ctx)
    {
        var outer = state.InHook;
        state.InHook = true;
        try
        {
            return context.Invoke(hook, [ctx]);
        }
        finally
        {
            state.InHook = outer;
        }
    }

    private static HarnDict PolicyRecord(string decision, string? reason, List<string> labels, Value pre, Value annotation) => HarnDict.Empty
        .With("decision", Value.FromString(decision))
        .With("reason", HostValues.Str(reason))
        .With("risk_labels", HostValues.Strings(labels))
        .With("pre", pre)
        .With("annotation", annotation);

    private static Value Blocked(long commandId, string decision, string reason, List<string> labels, string? pattern)
    {
        var record = PolicyRecord(decision, reason, labels, Value.Nil, Value.Nil).With("matched_pattern", HostValues.Str(pattern));
        return Envelope(commandId, "blocked", "", $"command_policy: status: blocked ({decision}): {reason}", null, record, null);
    }

    private static Value Envelope(long commandId, string status, string stdout, string stderr, long? exitCode, HarnDict record, string? preview) => HostValues.Dict(
        ("command_id", Value.FromString($"cmd-{commandId}")),
        ("status", Value.FromString(status)),
        ("exit_code", exitCode is { } code ? Value.FromInt(code) : Value.Nil),
        ("success", Value.False),
        ("stdout", Value.FromString(stdout)),
        ("stderr", Value.FromString(stderr)),
        ("combined", Value.FromString(stdout + stderr)),
        ("timed_out", Value.False),
        ("command", HostValues.Str(preview)),
        ("command_policy", Value.FromDict(record)));
}
