using System.Text;
using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Workflows;

/// <summary>
/// Artifacts: the typed pieces of context a workflow passes between stages (plans, summaries,
/// workspace files, diffs, verification results). <c>artifact</c> normalizes a dict into the
/// artifact shape; the typed constructors build the common kinds with their lineage.
/// </summary>
internal static class Artifacts
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("artifact", (_, args) => Normalize(Args.Dict(args, 0, "artifact")));
        registry.Register("artifact_derive", (_, args) => Derive(Artifact(args, 0, "artifact_derive"), Args.String(args, 1, "artifact_derive"), Args.At(args, 2)));
        registry.Register("artifact_select", (_, args) => AgentValues.List(Select(Args.List(args, 0, "artifact_select"), Args.At(args, 1))));
        registry.Register("select_artifacts_adaptive", (_, args) => AgentValues.List(Select(Args.List(args, 0, "select_artifacts_adaptive"), Args.At(args, 1))));
        registry.Register("artifact_context", (_, args) => Value.FromString(Render(Select(Args.List(args, 0, "artifact_context"), Args.At(args, 1)))));
        registry.Register("artifact_workspace_file", (_, args) => Typed("workspace_file", Args.String(args, 0, "artifact_workspace_file"), Args.At(args, 1), Args.At(args, 2),
            path => Rec.S(path)));
        registry.Register("artifact_workspace_snapshot", (_, args) => Typed("workspace_snapshot", "workspace snapshot", Args.At(args, 0), Args.At(args, 1), _ => Value.Nil));
        registry.Register("artifact_editor_selection", (_, args) => Typed("editor_selection", Args.String(args, 0, "artifact_editor_selection"), Args.At(args, 1), Args.At(args, 2),
            path => Rec.S(path)));
        registry.Register("artifact_verification_result", (_, args) => Verification(Args.String(args, 0, "artifact_verification_result"), Args.At(args, 1), Args.At(args, 2)));
        registry.Register("artifact_test_result", (_, args) => Verification(Args.String(args, 0, "artifact_test_result"), Args.At(args, 1), Args.At(args, 2), "test_result"));
        registry.Register("artifact_command_result", (_, args) => CommandResult(Args.String(args, 0, "artifact_command_result"), Args.At(args, 1), Args.At(args, 2)));
        registry.Register("artifact_diff", (_, args) => Diff(Args.String(args, 0, "artifact_diff"), Args.At(args, 1), Args.At(args, 2), Args.At(args, 3)));
        registry.Register("artifact_git_diff", (_, args) => Typed("git_diff", "git diff", Args.At(args, 0), Args.At(args, 1), _ => Value.Nil));
        registry.Register("artifact_diff_review", (_, args) => Review(Artifact(args, 0, "artifact_diff_review"), Args.At(args, 1), Args.At(args, 2)));
        registry.Register("artifact_review_decision", (_, args) => Decision(Artifact(args, 0, "artifact_review_decision"), Args.String(args, 1, "artifact_review_decision"), Args.At(args, 2)));
        registry.Register("artifact_patch_proposal", (_, args) => Derive(Artifact(args, 0, "artifact_patch_proposal"), "patch_proposal", Merge(Args.At(args, 2), ("text", Args.At(args, 1)))));
        registry.Register("artifact_verification_bundle", (_, args) => VerificationBundle(Args.String(args, 0, "artifact_verification_bundle"), Args.List(args, 1, "artifact_verification_bundle"), Args.At(args, 2)));
        registry.Register("artifact_apply_intent", (_, args) => Derive(Artifact(args, 0, "artifact_apply_intent"), "apply_intent", Merge(Args.At(args, 2), ("text", Args.At(args, 1)))));
    }

    /// <summary>Default priority by kind: decisions and verification outrank raw context.</summary>
    private static long DefaultPriority(string kind) => kind switch
    {
        "resolution" or "verification_result" or "review_decision" or "plan" => 80,
        "diff" or "patch" or "patch_proposal" or "verification_bundle" or "test_result" => 70,
        "summary" or "analysis_note" or "worker_result" or "handoff" => 60,
        "workspace_file" or "editor_selection" or "command_result" or "diff_review" => 50,
        _ => 40,
    };

    public static long EstimateTokens(string? text) => text is null ? 0 : (text.Length + 3) / 4;

    /// <summary>The artifact shape: every field present, ids and token estimates filled in.</summary>
    public static Value Normalize(HarnDict input)
    {
        var rec = new Rec(Value.FromDict(input));
        rec["_type"] = Rec.S("artifact");
        rec.Default("id", Rec.S(Rec.NewId("artifact")));
        rec.Default("kind", Rec.S("artifact"));
        var kind = rec.Str("kind") ?? "artifact";
        if (!rec.Has("text") && rec["content"] is { Kind: ValueKind.String } content)
        {
            rec["text"] = content;
        }

        rec.Default("created_at", Rec.S(Rec.Now()));
        rec.Default("freshness", Rec.S("fresh"));
        rec.Default("priority", Rec.I(DefaultPriority(kind)));
        rec.Default("lineage", Rec.L([]));
        rec.Default("metadata", Value.FromDict(HarnDict.Empty));
        foreach (var key in new[] { "title", "text", "data", "source", "relevance", "stage" })
        {
            rec.Default(key, Value.Nil);
        }

        if (!rec.Has("estimated_tokens"))
        {
            var text = rec.Str("text") ?? (rec.Has("data") ? AgentValues.Text(rec["data"]) : null);
            rec["estimated_tokens"] = Rec.I(EstimateTokens(text));
        }

        return rec.ToValue();
    }

    public static Value Normalize(Value input) =>
        input.Kind == ValueKind.Dict ? Normalize(input.AsDict) : throw RuntimeErrors.Type($"artifact: expected a dict, got {TypeNames.Of(input)}");

    private static Value Artifact(ReadOnlySpan<Value> args, int index, string function)
    {
        var value = Args.At(args, index);
        return value.Kind == ValueKind.Dict ? Normalize(value.AsDict) : throw Args.Expected(function, "an artifact dict", value);
    }

    private static Value Merge(Value options, params (string Key, Value Value)[] fields)
    {
        var rec = new Rec(options);
        foreach (var (key, value) in fields)
        {
            if (!value.IsNil)
            {
                rec[key] = value;
            }
        }

        return rec.ToValue();
    }

    /// <summary>A new artifact of <paramref name="kind"/> descended from <paramref name="parent"/>: title, text and stage carry over unless <paramref name="extra"/> sets them.</summary>
    public static Value Derive(Value parent, string kind, Value extra)
    {
        var rec = new Rec(extra);
        rec["kind"] = Rec.S(kind);
        rec.Default("title", AgentValues.Field(parent, "title"));
        rec.Default("text", AgentValues.Field(parent, "text"));
        rec.Default("stage", AgentValues.Field(parent, "stage"));
        var lineage = AgentValues.ListField(parent, "lineage").AsSpan().ToArray().ToList();
        lineage.Add(AgentValues.Field(parent, "id"));
        rec["lineage"] = Rec.L(lineage);
        return Normalize(rec.ToValue());
    }

    private static Value Typed(string kind, string title, Value text, Value options, Func<string, Value> path)
    {
        var rec = new Rec(options);
        rec["kind"] = Rec.S(kind);
        rec.Default("title", Rec.S(title));
        rec["text"] = text.IsNil || text.Kind == ValueKind.String ? text : Rec.S(AgentValues.Text(text));
        var data = new Rec(AgentValues.Field(options, "data"));
        if (path(title) is { IsNil: false } p)
        {
            data["path"] = p;
        }

        rec["data"] = data.ToValue();
        return Normalize(rec.ToValue());
    }

    private static Value Verification(string title, Value result, Value options, string kind = "verification_result")
    {
        var rec = new Rec(options);
        rec["kind"] = Rec.S(kind);
        rec.Default("title", Rec.S(title));
        rec["text"] = Rec.S(AgentValues.Text(result));
        var data = new Rec(AgentValues.Field(options, "data"));
        data["command"] = Rec.S(title);
        data["result"] = result;
        rec["data"] = data.ToValue();
        return Normalize(rec.ToValue());
    }

    private static Value VerificationBundle(string title, HarnList checks, Value options)
    {
        var rec = new Rec(options);
        rec["kind"] = Rec.S("verification_bundle");
        rec.Default("title", Rec.S(title));
        rec["text"] = Rec.S(string.Join("\n", checks.AsSpan().ToArray().Select(AgentValues.Text)));
        rec["data"] = new Rec(AgentValues.Field(options, "data")) { ["checks"] = Value.FromList(checks) }.ToValue();
        return Normalize(rec.ToValue());
    }

    private static Value CommandResult(string command, Value output, Value options)
    {
        var rec = new Rec(options);
        rec["kind"] = Rec.S("command_result");
        rec.Default("title", Rec.S(command));
        var text = output.Kind == ValueKind.Dict
            ? AgentValues.StringField(output, "stdout") ?? AgentValues.StringField(output, "output") ?? AgentValues.Text(output)
            : AgentValues.Text(output);
        rec["text"] = Rec.S(text);
        var data = new Rec(output.Kind == ValueKind.Dict ? output : AgentValues.Dict(("output", output)));
        data["command"] = Rec.S(command);
        rec["data"] = data.ToValue();
        return Normalize(rec.ToValue());
    }

    private static Value Diff(string path, Value before, Value after, Value options)
    {
        var oldText = AgentValues.Text(before);
        var newText = AgentValues.Text(after);
        var rec = new Rec(options);
        rec["kind"] = Rec.S("diff");
        rec.Default("title", Rec.S(path));
        rec["text"] = Rec.S(UnifiedDiff(path, oldText, newText));
        rec["data"] = AgentValues.Dict(("path", Rec.S(path)), ("old", Rec.S(oldText)), ("new", Rec.S(newText)));
        return Normalize(rec.ToValue());
    }

    /// <summary>A line diff in unified style: removed lines then added lines of each changed run.</summary>
    public static string UnifiedDiff(string path, string oldText, string newText)
    {
        var a = oldText.Split('\n');
        var b = newText.Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var text = new StringBuilder().Append("--- a/").Append(path).Append("\n+++ b/").Append(path).Append('\n');
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                text.Append(' ').Append(a[x]).Append('\n');
                x++;
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                text.Append('-').Append(a[x++]).Append('\n');
            }
            else
            {
                text.Append('+').Append(b[y++]).Append('\n');
            }
        }

        return text.ToString().TrimEnd('\n');
    }

    private static Value Review(Value diff, Value summary, Value options)
    {
        var extra = new Rec(options);
        extra["text"] = summary.IsNil ? AgentValues.Field(diff, "text") : Rec.S(AgentValues.Text(summary));
        extra.Default("data", AgentValues.Dict(("diff_id", AgentValues.Field(diff, "id")), ("summary", summary)));
        return Derive(diff, "diff_review", extra.ToValue());
    }

    private static Value Decision(Value review, string decision, Value options)
    {
        var extra = new Rec(options);
        extra["text"] = Rec.S(decision);
        extra.Default("data", AgentValues.Dict(("decision", Rec.S(decision)), ("review_id", AgentValues.Field(review, "id"))));
        return Derive(review, "review_decision", extra.ToValue());
    }

    /// <summary>
    /// Context selection: kind and stage filters, duplicates of the same text dropped (the better
    /// ranked copy stays), ranked by priority then relevance then recency, cut to the artifact and
    /// token budgets.
    /// </summary>
    public static List<Value> Select(HarnList artifacts, Value policy)
    {
        var include = AgentValues.Strings(AgentValues.Field(policy, "include_kinds"));
        var exclude = AgentValues.Strings(AgentValues.Field(policy, "exclude_kinds"));
        var stages = AgentValues.Strings(AgentValues.Field(policy, "include_stages"));
        var maxArtifacts = AgentValues.IntField(policy, "max_artifacts", long.MaxValue);
        var maxTokens = AgentValues.IntField(policy, "max_tokens", long.MaxValue);
        var candidates = new List<(Value Artifact, int Index)>();
        for (var i = 0; i < artifacts.Count; i++)
        {
            var artifact = artifacts[i].Kind == ValueKind.Dict ? Normalize(artifacts[i].AsDict) : Value.Nil;
            var kind = AgentValues.StringField(artifact, "kind") ?? "";
            if (artifact.IsNil
                || (include.Count > 0 && !include.Contains(kind))
                || exclude.Contains(kind)
                || (stages.Count > 0 && !stages.Contains(AgentValues.StringField(artifact, "stage") ?? "")))
            {
                continue;
            }

            candidates.Add((artifact, i));
        }

        var ranked = candidates
            .OrderByDescending(c => AgentValues.IntField(c.Artifact, "priority", 0))
            .ThenByDescending(c => Rec.Number(c.Artifact, "relevance", 0))
            .ThenBy(c => c.Index)
            .ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var selected = new List<Value>();
        long tokens = 0;
        foreach (var (artifact, _) in ranked)
        {
            var text = AgentValues.StringField(artifact, "text") ?? AgentValues.Text(AgentValues.Field(artifact, "data"));
            if (text.Length > 0 && !seen.Add(text))
            {
                continue;
            }

            var cost = AgentValues.IntField(artifact, "estimated_tokens", 0);
            if (selected.Count >= maxArtifacts || (tokens + cost > maxTokens && selected.Count > 0))
            {
                continue;
            }

            tokens += cost;
            selected.Add(artifact);
        }

        return selected;
    }

    /// <summary>The selected artifacts as prompt text, one tagged block each.</summary>
    public static string Render(IEnumerable<Value> artifacts)
    {
        var text = new StringBuilder();
        foreach (var artifact in artifacts)
        {
            text.Append("<artifact id=\"").Append(AgentValues.StringField(artifact, "id")).Append("\" kind=\"")
                .Append(AgentValues.StringField(artifact, "kind")).Append("\"");
            if (AgentValues.StringField(artifact, "title") is { } title)
            {
                text.Append(" title=\"").Append(title).Append('"');
            }

            text.Append(">\n");
            var body = AgentValues.StringField(artifact, "text") ?? AgentValues.Text(AgentValues.Field(artifact, "data"));
            text.Append(body).Append("\n</artifact>\n");
        }

        return text.ToString().TrimEnd('\n');
    }
}
