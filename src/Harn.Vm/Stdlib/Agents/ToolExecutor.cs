using Harn.Hooks;
using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>
/// Runs one tool call against a registry the way an agent loop does: policy gates, PreToolUse
/// hooks (native <c>register_tool_hook</c> denies first, then the run's hook registry, host hooks
/// such as PowerShell's <c>Register-HarnHook</c> before script hooks), argument validation, the
/// handler, then PostToolUse hooks and native output limits.
/// </summary>
internal static class ToolExecutor
{
    public static ToolOutcome Execute(BuiltinContext context, Value registry, string tool, Value arguments, ToolCallPolicy? policy = null)
    {
        if (arguments.IsNil)
        {
            arguments = Value.FromDict(HarnDict.Empty);
        }

        var entry = ToolRegistry.Find(registry, tool);
        if (entry is null)
        {
            var known = string.Join(", ", ToolRegistry.Entries(registry).Select(ToolRegistry.NameOf));
            return Failed($"Unknown tool: {tool}. Available tools: {known}", arguments);
        }

        if ((policy ?? ToolCallPolicy.None).Check(entry, tool, arguments) is { } rejection)
        {
            return Rejected(tool, rejection.Code, rejection.Reason, arguments);
        }

        if (ToolHooks.DenyReason(context, tool) is { } denied)
        {
            return Rejected(tool, "hook_denied", denied, arguments);
        }

        switch (FirePreToolUse(context, tool, arguments))
        {
            case PreToolVerdict.Denied deny:
                return Rejected(tool, "hook_denied", deny.Reason, arguments);
            case PreToolVerdict.Proceed proceed:
                arguments = proceed.Arguments;
                break;
        }

        if (ArgumentProblem(entry, arguments) is { } problem)
        {
            return Failed($"Invalid arguments for tool '{tool}': {problem}", arguments);
        }

        var handler = AgentValues.Field(entry, "handler");
        if (!Args.IsCallable(handler) && AgentValues.StringField(entry, "executor") == "mcp_server")
        {
            handler = Mcp.McpToolDispatch.Handler(entry, tool);
        }

        if (!Args.IsCallable(handler))
        {
            var executor = AgentValues.StringField(entry, "executor") ?? "harn";
            return Failed($"tool '{tool}' has executor \"{executor}\", which this runtime does not dispatch", arguments);
        }

        Value result;
        try
        {
            result = InvokeHandler(context, tool, handler, entry, arguments);
        }
        catch (HarnRuntimeException error) when (!context.CancellationToken.IsCancellationRequested)
        {
            return Failed($"Error: {AgentValues.Text(error.CatchValue)}", arguments) with { Result = error.CatchValue };
        }

        var text = FirePostToolUse(context, tool, arguments, AgentValues.Text(ModelView(result)));
        return new ToolOutcome("ok", result, ToolHooks.LimitOutput(context, tool, text), null, arguments);
    }

    /// <summary>
    /// Calls the handler: a <c>tool</c> declaration's handler (named like the tool, taking the
    /// tool's parameters) gets the arguments by position; any other handler gets the one dict.
    /// </summary>
    public static Value InvokeHandler(BuiltinContext context, string tool, Value handler, HarnDict entry, Value arguments)
    {
        if (handler.Ref is Closure closure && closure.Name == tool && SpreadsArguments(closure, entry))
        {
            var positional = closure.ParameterNames.Select(name => AgentValues.Field(arguments, name)).ToArray();
            var count = positional.Length;
            while (count > 0 && positional[count - 1].IsNil)
            {
                count--;
            }

            return context.Invoke(handler, positional.AsSpan(0, count));
        }

        return context.Invoke(handler, [arguments]);
    }

    private static bool SpreadsArguments(Closure closure, HarnDict entry)
    {
        var parameters = ToolRegistry.Parameters(entry);
        return closure.ParameterNames.Count == parameters.Count && closure.ParameterNames.All(parameters.ContainsKey);
    }

    private static string? ArgumentProblem(HarnDict entry, Value arguments)
    {
        if (arguments.Kind != ValueKind.Dict)
        {
            return $"expected an object, got {TypeNames.Of(arguments)}";
        }

        foreach (var name in ToolRegistry.RequiredParameters(entry))
        {
            if (!arguments.AsDict.TryGetValue(name, out var given) || given.IsNil)
            {
                return $"missing required parameter '{name}'";
            }
        }

        foreach (var (name, schema) in ToolRegistry.Parameters(entry))
        {
            if (schema.Kind == ValueKind.Dict && arguments.AsDict.TryGetValue(name, out var given) && !given.IsNil
                && JsonSchemaValidator.Validate(given, ToolRegistry.PropertySchema(schema).AsDict, name) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static PreToolVerdict FirePreToolUse(BuiltinContext context, string tool, Value arguments)
    {
        var session = HookSession.Of(context);
        if (!session.HasHooks(HookEvent.PreToolUse))
        {
            return new PreToolVerdict.Proceed(arguments);
        }

        var payload = HookPayload.Of(HookEvent.PreToolUse, HookPayload.Field("tool", ToolField(tool, arguments)));
        var control = session.Fire(context, HookEvent.PreToolUse, payload, ReadPreToolUse);
        return control switch
        {
            HookControl.Block block => new PreToolVerdict.Denied(block.Reason),
            HookControl.Decision { Verdict: not HookDecision.Allow } decision =>
                new PreToolVerdict.Denied(decision.Reason ?? $"PreToolUse hook answered {decision.Verdict.ToString().ToLowerInvariant()}"),
            HookControl.Modify modify => new PreToolVerdict.Proceed(AgentValues.Field(AgentValues.Field(modify.Payload, "tool"), "args") is { IsNil: false } changed ? changed : arguments),
            _ => new PreToolVerdict.Proceed(arguments),
        };
    }

    /// <summary>PreToolUse results: <c>{deny}</c> denies, <c>{args}</c> replaces the arguments, the rest as any hook.</summary>
    private static HookControl ReadPreToolUse(Value payload, Value result)
    {
        if (result.Kind == ValueKind.Dict)
        {
            if (result.AsDict.TryGetValue("deny", out var deny) && !deny.IsNil)
            {
                return new HookControl.Block(AgentValues.Text(deny));
            }

            if (result.AsDict.TryGetValue("args", out var args))
            {
                var tool = AgentValues.Field(payload, "tool");
                return new HookControl.Modify(AgentValues.Dict(("tool", Value.FromDict(tool.AsDict.With("args", args)))));
            }
        }

        return HookControl.Parse(HookEvent.PreToolUse, result);
    }

    private static string FirePostToolUse(BuiltinContext context, string tool, Value arguments, string text)
    {
        var session = HookSession.Of(context);
        if (!session.HasHooks(HookEvent.PostToolUse))
        {
            return text;
        }

        var payload = HookPayload.Of(
            HookEvent.PostToolUse,
            HookPayload.Field("tool", ToolField(tool, arguments)),
            HookPayload.Field("result", AgentValues.Dict(("text", AgentValues.Str(text)))));
        var control = session.Fire(context, HookEvent.PostToolUse, payload, ReadPostToolUse);
        return control is HookControl.Modify modify && AgentValues.StringField(AgentValues.Field(modify.Payload, "result"), "text") is { } changed
            ? changed
            : text;
    }

    /// <summary>PostToolUse results: a string or <c>{result}</c> replaces the result text, the rest as any hook.</summary>
    private static HookControl ReadPostToolUse(Value payload, Value result)
    {
        if (result.Kind == ValueKind.String)
        {
            return new HookControl.Modify(AgentValues.Dict(("result", AgentValues.Dict(("text", result)))));
        }

        if (result.Kind == ValueKind.Dict && result.AsDict.TryGetValue("result", out var replaced))
        {
            return new HookControl.Modify(AgentValues.Dict(("result", AgentValues.Dict(("text", AgentValues.Str(AgentValues.Text(replaced)))))));
        }

        return HookControl.Parse(HookEvent.PostToolUse, result) switch
        {
            HookControl.Block or HookControl.Decision => HookControl.Allow.Instance,
            var other => other,
        };
    }

    private static Value ToolField(string tool, Value arguments) =>
        AgentValues.Dict(("name", AgentValues.Str(tool)), ("args", arguments));

    /// <summary>
    /// What the model is shown of a handler's result: a sub-agent envelope without the child's
    /// transcript (the parent keeps it in the result value; its conversation never carries it).
    /// </summary>
    private static Value ModelView(Value result) =>
        AgentValues.StringField(result, "_type") == "sub_agent_result" ? Value.FromDict(result.AsDict.Without("transcript")) : result;

    private static ToolOutcome Failed(string text, Value arguments) => new("error", Value.Nil, text, text, arguments);

    private static ToolOutcome Rejected(string tool, string code, string reason, Value arguments)
    {
        var text = JsonConversion.Stringify(AgentValues.Dict(
            ("error", AgentValues.Str("permission_denied")),
            ("tool", AgentValues.Str(tool)),
            ("code", AgentValues.Str(code)),
            ("reason", AgentValues.Str(reason))));
        return new ToolOutcome("rejected", Value.Nil, text, reason, arguments);
    }

    private abstract record PreToolVerdict
    {
        public sealed record Proceed(Value Arguments) : PreToolVerdict;

        public sealed record Denied(string Reason) : PreToolVerdict;
    }
}
