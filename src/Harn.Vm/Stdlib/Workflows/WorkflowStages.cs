using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Workflows;

/// <summary>
/// Runs one node of a workflow and returns its stage record. <c>stage</c>, <c>verify</c> and
/// <c>subagent</c> nodes ask the model (<c>llm_call</c>, or <c>agent_loop</c> in agent mode);
/// <c>condition</c>, <c>fork</c>, <c>join</c>, <c>map</c> and <c>reduce</c> nodes are computed
/// from the run's artifacts, and ask the model only when their mode says so.
/// </summary>
internal static class WorkflowStages
{
    private static readonly string[] ModelOptionKeys = ["provider", "model", "model_tier", "temperature", "max_tokens", "top_p", "output_schema", "response_format", "schema"];

    public static Value Run(WorkflowRunState run, string nodeId, Value node)
    {
        var kind = AgentValues.StringField(node, "kind") ?? "stage";
        var stage = new Rec();
        stage["id"] = Rec.S(Rec.NewId("stage"));
        stage["node_id"] = Rec.S(nodeId);
        stage["kind"] = Rec.S(kind);
        stage["status"] = Rec.S("completed");
        stage["outcome"] = Rec.S("success");
        stage["branch"] = Value.Nil;
        stage["started_at"] = Rec.S(Rec.Now());
        stage["metadata"] = AgentValues.Field(node, "metadata");
        var consumed = SelectContext(run, node);
        stage["consumed_artifact_ids"] = Ids(consumed);
        var produced = new List<Value>();
        try
        {
            switch (kind)
            {
                case "condition":
                    stage["branch"] = Rec.S(Condition(run, node, consumed) ? "true" : "false");
                    break;
                case "fork":
                case "join":
                    stage["metadata"] = Value.FromDict(new Rec(AgentValues.Field(node, "metadata"))
                    {
                        ["inputs"] = Rec.Strings(WorkflowGraph.Edges(run.Graph)
                            .Where(e => AgentValues.StringField(e, "to") == nodeId && run.Completed.Contains(AgentValues.StringField(e, "from")!))
                            .Select(e => AgentValues.StringField(e, "from")!)),
                    }.ToValue().AsDict);
                    break;
                case "map":
                    produced.AddRange(Map(run, nodeId, node, consumed));
                    break;
                case "reduce":
                    produced.Add(Reduce(run, nodeId, node, consumed, stage));
                    break;
                case "verify" when !AsksModel(node):
                    produced.Add(CheckStage(run, nodeId, node, stage));
                    break;
                default:
                    produced.AddRange(ModelStage(run, nodeId, node, kind, consumed, stage));
                    break;
            }
        }
        catch (HarnRuntimeException error)
        {
            stage["status"] = Rec.S("failed");
            stage["outcome"] = Rec.S("error");
            stage["error"] = Rec.S(error.Message);
        }

        foreach (var artifact in produced)
        {
            run.Artifacts.Add(artifact);
        }

        stage["artifacts"] = Rec.L(produced);
        stage["produced_artifact_ids"] = Ids(produced);
        stage["finished_at"] = Rec.S(Rec.Now());
        return RunRecords.NormalizeStage(stage.ToValue());
    }

    private static Value Ids(IEnumerable<Value> artifacts) => Rec.L(artifacts.Select(a => AgentValues.Field(a, "id")));

    /// <summary>The run's artifacts this node reads: its context policy, narrowed to its input contract's kinds.</summary>
    private static List<Value> SelectContext(WorkflowRunState run, Value node)
    {
        var selected = Artifacts.Select(HarnList.Create(run.Artifacts), AgentValues.Field(node, "context_policy"));
        var inputKinds = AgentValues.Strings(AgentValues.Field(AgentValues.Field(node, "input_contract"), "input_kinds"));
        return inputKinds.Count == 0 ? selected : selected.Where(a => inputKinds.Contains(AgentValues.StringField(a, "kind") ?? "")).ToList();
    }

    private static string ArtifactText(Value artifact) => AgentValues.StringField(artifact, "text") ?? AgentValues.Text(AgentValues.Field(artifact, "data"));

    /// <summary>
    /// A condition holds when its callable (given the task and artifacts) returns truthy, when an
    /// artifact contains its <c>contains_text</c>, or, with neither, when it has any artifact.
    /// </summary>
    private static bool Condition(WorkflowRunState run, Value node, List<Value> artifacts)
    {
        var metadata = AgentValues.Field(node, "metadata");
        var predicate = AgentValues.Field(node, "condition") is { IsNil: false } own ? own : AgentValues.Field(metadata, "condition");
        if (Args.IsCallable(predicate))
        {
            var input = AgentValues.Dict(("task", Rec.S(run.Task)), ("artifacts", Rec.L(artifacts)), ("stages", Rec.L(run.Stages)));
            return Truthiness.IsTruthy(run.Context.Invoke(predicate, [input]));
        }

        if (AgentValues.StringField(metadata, "contains_text") is { } needle)
        {
            return artifacts.Any(a => ArtifactText(a).Contains(needle, StringComparison.OrdinalIgnoreCase));
        }

        if (predicate.Kind == ValueKind.Bool)
        {
            return predicate.AsBool;
        }

        return artifacts.Count > 0;
    }

    private static string OutputKind(Value node, string fallback)
    {
        var kinds = AgentValues.Strings(AgentValues.Field(AgentValues.Field(node, "output_contract"), "output_kinds"));
        return kinds.Count > 0 ? kinds[0] : fallback;
    }

    private static bool AsksModel(Value node) =>
        AgentValues.StringField(node, "mode") is "llm" or "agent"
        || AgentValues.StringField(AgentValues.Field(node, "model_policy"), "provider") is not null;

    /// <summary>
    /// One artifact per item (the policy's items, or the context artifacts of the item kind),
    /// cut by the join policy: <c>first</c> keeps one, <c>quorum</c> keeps <c>min_completed</c>.
    /// </summary>
    private static IEnumerable<Value> Map(WorkflowRunState run, string nodeId, Value node, List<Value> consumed)
    {
        var policy = AgentValues.Field(node, "map_policy");
        var items = AgentValues.Field(policy, "items") is { Kind: ValueKind.List } given
            ? given.AsList.AsSpan().ToArray().ToList()
            : consumed.Where(a => AgentValues.StringField(policy, "item_artifact_kind") is not { } kind || AgentValues.StringField(a, "kind") == kind).ToList();
        var join = AgentValues.Field(node, "join_policy");
        var limit = (AgentValues.StringField(join, "strategy") ?? "all") switch
        {
            "first" or "any" => 1,
            "quorum" => AgentValues.IntField(join, "min_completed", (items.Count / 2) + 1),
            _ => long.MaxValue,
        };
        limit = Math.Min(limit, AgentValues.IntField(policy, "max_items", long.MaxValue));
        var outputKind = AgentValues.StringField(policy, "output_kind") ?? OutputKind(node, "summary");
        var results = new List<Value>();
        foreach (var item in items)
        {
            if (results.Count >= limit)
            {
                break;
            }

            var isArtifact = item.Kind == ValueKind.Dict && AgentValues.StringField(item, "_type") == "artifact";
            var text = isArtifact ? ArtifactText(item) : AgentValues.Text(item);
            if (AsksModel(node))
            {
                text = AgentValues.StringField(Ask(run, node, $"{run.Task}\n\nItem:\n{text}", out _), "visible_text") ?? text;
            }

            results.Add(Artifacts.Normalize(AgentValues.Dict(
                ("kind", Rec.S(outputKind)),
                ("text", Rec.S(text)),
                ("stage", Rec.S(nodeId)),
                ("data", AgentValues.Dict(("item", isArtifact ? AgentValues.Field(item, "id") : item), ("index", Rec.I(results.Count)))),
                ("lineage", isArtifact ? Rec.L([AgentValues.Field(item, "id")]) : Rec.L([])))));
        }

        return results;
    }

    private static Value Reduce(WorkflowRunState run, string nodeId, Value node, List<Value> consumed, Rec stage)
    {
        var policy = AgentValues.Field(node, "reduce_policy");
        var separator = AgentValues.StringField(policy, "separator") ?? "\n\n";
        var text = string.Join(separator, consumed.Select(ArtifactText));
        if (AsksModel(node))
        {
            var response = Ask(run, node, Prompt(run, node, consumed), out var transcript);
            text = AgentValues.StringField(response, "visible_text") ?? text;
            stage["transcript"] = transcript;
            stage["visible_text"] = Rec.S(text);
        }

        return Artifacts.Normalize(AgentValues.Dict(
            ("kind", Rec.S(AgentValues.StringField(policy, "output_kind") ?? OutputKind(node, "summary"))),
            ("text", Rec.S(text)),
            ("stage", Rec.S(nodeId)),
            ("lineage", Ids(consumed))));
    }

    private static string Prompt(WorkflowRunState run, Value node, List<Value> context)
    {
        var prompt = AgentValues.StringField(node, "prompt") is { } own ? $"{own}\n\nTask: {run.Task}" : run.Task;
        return context.Count == 0 ? prompt : $"{prompt}\n\nContext:\n{Artifacts.Render(context)}";
    }

    /// <summary>
    /// Asks the model for a node: <c>llm_call</c>, or <c>agent_loop</c> with the node's tools in
    /// agent mode. A session id in the model policy carries the transcript from stage to stage.
    /// </summary>
    private static Value Ask(WorkflowRunState run, Value node, string prompt, out Value transcript)
    {
        var modelPolicy = AgentValues.Field(node, "model_policy");
        var options = new Rec();
        foreach (var key in ModelOptionKeys)
        {
            if (AgentValues.Field(modelPolicy, key) is { IsNil: false } value)
            {
                options[key] = value;
            }
        }

        var sessionId = AgentValues.StringField(modelPolicy, "session_id") ?? AgentValues.StringField(AgentValues.Field(node, "transcript_policy"), "session_id");
        var sessions = AgentSessionStore.Of(run.Context);
        if (sessionId is not null)
        {
            if (!sessions.Exists(sessionId))
            {
                sessions.Open(sessionId);
            }

            options["transcript"] = Value.FromDict(sessions.Transcript(sessionId));
        }
        else if (run.CarriesTranscript && run.Transcript.Kind == ValueKind.Dict)
        {
            options["transcript"] = run.Transcript;
        }

        var system = AgentValues.Field(node, "system");
        Value response;
        if (AgentValues.StringField(node, "mode") == "agent")
        {
            if (!AgentValues.Field(node, "tools").IsNil)
            {
                options["tools"] = AgentValues.Field(node, "tools");
            }

            foreach (var key in new[] { "max_iterations", "tool_format", "max_nudges", "persistent", "profile" })
            {
                if ((AgentValues.Field(node, key) is { IsNil: false } own ? own : AgentValues.Field(modelPolicy, key)) is { IsNil: false } value)
                {
                    options[key] = value;
                }
            }

            if ((AgentValues.Field(node, "permissions") is { IsNil: false } nodePermissions ? nodePermissions : AgentValues.Field(run.Options, "permissions")) is { Kind: ValueKind.Dict } permissions)
            {
                options["permissions"] = permissions;
            }

            response = run.Builtins.Call(run.Context, "agent_loop", Rec.S(prompt), system, options.ToValue());
        }
        else
        {
            response = run.Builtins.Call(run.Context, "llm_call", Rec.S(prompt), system, options.ToValue());
        }

        run.LastResponse = response;
        transcript = AgentValues.Field(response, "transcript");
        if (sessionId is not null && transcript.Kind == ValueKind.Dict)
        {
            sessions.Replace(sessionId, transcript.AsDict);
        }
        else if (run.CarriesTranscript && transcript.Kind == ValueKind.Dict)
        {
            run.Transcript = transcript;
        }

        if (AgentValues.StringField(response, "visible_text") is null)
        {
            response = Value.FromDict(new Rec(response) { ["visible_text"] = Rec.S(AgentValues.StringField(response, "text") ?? AgentValues.Text(response)) }.ToValue().AsDict);
        }

        return response;
    }

    /// <summary>A model stage (stage, verify, subagent, ...): one answer, checked and retried by the node's policies.</summary>
    private static List<Value> ModelStage(WorkflowRunState run, string nodeId, Value node, string kind, List<Value> consumed, Rec stage)
    {
        var replay = run.TakeReplayStage(nodeId);
        string text;
        if (replay.Kind == ValueKind.Dict)
        {
            text = AgentValues.StringField(replay, "visible_text") ?? "";
            stage["transcript"] = AgentValues.Field(replay, "transcript");
            stage["replayed_from_stage_id"] = AgentValues.Field(replay, "id");
        }
        else
        {
            var attempts = Math.Max(1, AgentValues.IntField(AgentValues.Field(node, "retry_policy"), "max_attempts", 1));
            var attemptLog = new List<Value>();
            text = "";
            for (var attempt = 1; attempt <= attempts; attempt++)
            {
                var response = Ask(run, node, Prompt(run, node, consumed), out var transcript);
                text = AgentValues.StringField(response, "visible_text") ?? "";
                stage["transcript"] = transcript;
                stage["usage"] = AgentValues.Field(response, "usage");
                var ok = Verify(node, text, out _);
                attemptLog.Add(AgentValues.Dict(("attempt", Rec.I(attempt)), ("ok", Rec.B(ok))));
                if (ok)
                {
                    break;
                }
            }

            stage["attempts"] = Rec.L(attemptLog);
        }

        stage["visible_text"] = Rec.S(text);
        if (!AgentValues.Field(node, "verify").IsNil)
        {
            var ok = Verify(node, text, out var checks);
            stage["verification"] = AgentValues.Dict(("ok", Rec.B(ok)), ("checks", Rec.L(checks)));
            if (!ok)
            {
                stage["outcome"] = Rec.S("verification_failed");
                stage["branch"] = Rec.S("failed");
            }
            else
            {
                stage["branch"] = Rec.S("passed");
            }
        }

        var output = new Rec
        {
            ["kind"] = Rec.S(OutputKind(node, kind == "verify" ? "verification_result" : "summary")),
            ["text"] = Rec.S(text),
            ["stage"] = Rec.S(nodeId),
            ["lineage"] = Ids(consumed),
        };
        if (kind != "subagent")
        {
            return [Artifacts.Normalize(output.ToValue())];
        }

        var worker = Worker(run, nodeId, node, text);
        var workerId = AgentValues.Field(worker, "id");
        output["metadata"] = AgentValues.Dict(("delegated", Rec.B(true)), ("worker_id", workerId));
        stage["metadata"] = Value.FromDict(new Rec(AgentValues.Field(node, "metadata")) { ["worker"] = worker, ["worker_id"] = workerId }.ToValue().AsDict);
        var result = Artifacts.Normalize(AgentValues.Dict(
            ("kind", Rec.S("worker_result")),
            ("title", AgentValues.Field(worker, "name")),
            ("text", Rec.S(text)),
            ("stage", Rec.S(nodeId)),
            ("data", AgentValues.Dict(
                ("worker_id", workerId),
                ("worker_name", AgentValues.Field(worker, "name")),
                ("status", Rec.S("completed")),
                ("result", Rec.S(text)),
                ("request", AgentValues.Field(worker, "request")),
                ("provenance", AgentValues.Field(worker, "provenance")))),
            ("metadata", AgentValues.Dict(("worker_id", workerId)))));
        return [Artifacts.Normalize(output.ToValue()), result];
    }

    /// <summary>The delegated worker of a subagent node: its request (from the node's metadata) and provenance.</summary>
    private static Value Worker(WorkflowRunState run, string nodeId, Value node, string text)
    {
        var metadata = AgentValues.Field(node, "metadata");
        var id = Rec.NewId("worker");
        var stages = AgentValues.Field(metadata, "workflow_stages") is { Kind: ValueKind.List } listed ? listed : Rec.Strings([nodeId]);
        var request = AgentValues.Dict(
            ("task", Rec.S(run.Task)),
            ("payload", AgentValues.Field(metadata, "request")),
            ("workflow_stages", stages),
            ("research_questions", AgentValues.Field(metadata, "research_questions") is { Kind: ValueKind.List } q ? q : Rec.L([])),
            ("action_items", AgentValues.Field(metadata, "action_items") is { Kind: ValueKind.List } a ? a : Rec.L([])),
            ("verification_steps", AgentValues.Field(metadata, "verification_steps") is { Kind: ValueKind.List } v ? v : Rec.L([])));
        var provenance = AgentValues.Dict(
            ("worker_id", Rec.S(id)),
            ("parent_run_id", Rec.S(run.Id)),
            ("workflow_id", AgentValues.Field(run.Graph, "id")),
            ("node_id", Rec.S(nodeId)),
            ("trace_id", Rec.S(run.TraceId)));
        return AgentValues.Dict(
            ("id", Rec.S(id)),
            ("name", Rec.S(AgentValues.StringField(metadata, "worker_name") ?? nodeId)),
            ("node_id", Rec.S(nodeId)),
            ("status", Rec.S("completed")),
            ("request", request),
            ("provenance", provenance),
            ("result", Rec.S(text)));
    }

    /// <summary>
    /// A verify node that asks no model: it checks the output of its <c>command</c> (run in a
    /// shell) or, without one, the answer of the latest model stage.
    /// </summary>
    private static Value CheckStage(WorkflowRunState run, string nodeId, Value node, Rec stage)
    {
        var spec = AgentValues.Field(node, "verify");
        var command = AgentValues.StringField(spec, "command") ?? AgentValues.StringField(node, "command");
        string text;
        var commandOk = true;
        if (command is not null)
        {
            var result = run.Builtins.Call(run.Context, "shell", Rec.S(command));
            text = (AgentValues.StringField(result, "stdout") ?? "") + (AgentValues.StringField(result, "stderr") ?? "");
            commandOk = Rec.Truthy(result, "success");
            stage["metadata"] = Value.FromDict(new Rec(AgentValues.Field(node, "metadata")) { ["command"] = Rec.S(command), ["exit_status"] = AgentValues.Field(result, "status") }.ToValue().AsDict);
        }
        else
        {
            text = run.Stages.Select(s => AgentValues.StringField(s, "visible_text")).LastOrDefault(t => t is not null) ?? "";
        }

        var ok = Verify(node, text, out var checks) && commandOk;
        if (command is not null)
        {
            checks.Add(AgentValues.Dict(("kind", Rec.S("command")), ("expected", Rec.S("exit status 0")), ("ok", Rec.B(commandOk))));
        }

        stage["visible_text"] = Rec.S(text);
        stage["verification"] = AgentValues.Dict(("ok", Rec.B(ok)), ("checks", Rec.L(checks)));
        stage["branch"] = Rec.S(ok ? "passed" : "failed");
        if (!ok)
        {
            stage["outcome"] = Rec.S("verification_failed");
        }

        return Artifacts.Normalize(AgentValues.Dict(
            ("kind", Rec.S(OutputKind(node, "verification_result"))),
            ("text", Rec.S(text)),
            ("stage", Rec.S(nodeId)),
            ("data", AgentValues.Dict(("ok", Rec.B(ok)), ("command", Rec.S(command)), ("checks", Rec.L(checks))))));
    }

    /// <summary>The node's verification: <c>assert_text</c> must appear in the answer, <c>reject_text</c> must not.</summary>
    private static bool Verify(Value node, string text, out List<Value> checks)
    {
        checks = [];
        var spec = AgentValues.Field(node, "verify");
        var ok = true;
        foreach (var needle in AgentValues.Strings(AgentValues.Field(spec, "assert_text")))
        {
            var pass = text.Contains(needle, StringComparison.Ordinal);
            ok &= pass;
            checks.Add(AgentValues.Dict(("kind", Rec.S("assert_text")), ("expected", Rec.S(needle)), ("ok", Rec.B(pass))));
        }

        foreach (var needle in AgentValues.Strings(AgentValues.Field(spec, "reject_text")))
        {
            var pass = !text.Contains(needle, StringComparison.Ordinal);
            ok &= pass;
            checks.Add(AgentValues.Dict(("kind", Rec.S("reject_text")), ("expected", Rec.S(needle)), ("ok", Rec.B(pass))));
        }

        return ok;
    }
}
