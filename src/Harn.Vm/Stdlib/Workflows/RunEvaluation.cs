using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Workflows;

/// <summary>
/// Evaluating run records: replay fixtures (what a run is expected to do), checking a run
/// against a fixture, diffing two runs, and suites of such checks loaded from disk.
/// </summary>
internal static class RunEvaluation
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("run_record_fixture", (_, args) => Fixture(Run(args, 0, "run_record_fixture")));
        registry.Register("run_record_eval", (_, args) => Evaluate(Run(args, 0, "run_record_eval"), Args.At(args, 1)));
        registry.Register("run_record_diff", (_, args) => Diff(Run(args, 0, "run_record_diff"), Run(args, 1, "run_record_diff")));
        registry.Register("run_record_eval_suite", (_, args) => Suite(Args.List(args, 0, "run_record_eval_suite").AsSpan().ToArray().Select(SuiteCase.FromValue).ToList()));
        registry.Register("eval_suite_manifest", (_, args) => Manifest(Args.Dict(args, 0, "eval_suite_manifest")));
        registry.Register("eval_suite_run", (_, args) => RunManifest(Args.Dict(args, 0, "eval_suite_run")));
    }

    internal static Value Run(ReadOnlySpan<Value> args, int index, string function)
    {
        var value = Args.At(args, index);
        return value.Kind == ValueKind.Dict ? RunRecords.Normalize(value.AsDict) : throw Args.Expected(function, "a run record dict", value);
    }

    /// <summary>The expectations a run sets: its status and, per stage, status, outcome, branch and artifact kinds.</summary>
    public static Value Fixture(Value run)
    {
        var assertions = AgentValues.ListField(run, "stages").AsSpan().ToArray().Select(stage => AgentValues.Dict(
            ("node_id", AgentValues.Field(stage, "node_id")),
            ("expected_status", AgentValues.Field(stage, "status")),
            ("expected_outcome", AgentValues.Field(stage, "outcome")),
            ("expected_branch", AgentValues.Field(stage, "branch")),
            ("required_artifact_kinds", Rec.Strings(AgentValues.ListField(stage, "artifacts").AsSpan().ToArray()
                .Select(a => AgentValues.StringField(a, "kind")).OfType<string>().Distinct())),
            ("visible_text_contains", Value.Nil)));
        return AgentValues.Dict(
            ("_type", Rec.S("replay_fixture")),
            ("id", Rec.S("fixture_" + AgentValues.StringField(run, "id"))),
            ("source_run_id", AgentValues.Field(run, "id")),
            ("workflow_id", AgentValues.Field(run, "workflow_id")),
            ("workflow_name", AgentValues.Field(run, "workflow_name")),
            ("created_at", Rec.S(Rec.Now())),
            ("expected_status", AgentValues.Field(run, "status")),
            ("stage_assertions", Rec.L(assertions)));
    }

    public static Value Evaluate(Value run, Value fixture)
    {
        if (fixture.Kind != ValueKind.Dict)
        {
            fixture = AgentValues.Field(run, "replay_fixture") is { Kind: ValueKind.Dict } own ? own : Fixture(run);
        }

        var failures = new List<string>();
        var expected = AgentValues.StringField(fixture, "expected_status");
        var status = AgentValues.StringField(run, "status");
        if (expected is not null && expected != status)
        {
            failures.Add($"run status mismatch: expected {expected}, got {status}");
        }

        var stages = AgentValues.ListField(run, "stages").AsSpan().ToArray();
        foreach (var assertion in AgentValues.ListField(fixture, "stage_assertions"))
        {
            var nodeId = AgentValues.StringField(assertion, "node_id");
            var stage = stages.FirstOrDefault(s => AgentValues.StringField(s, "node_id") == nodeId);
            if (stage.Kind != ValueKind.Dict)
            {
                failures.Add($"missing stage {nodeId}");
                continue;
            }

            foreach (var (field, key) in new[] { ("status", "expected_status"), ("outcome", "expected_outcome"), ("branch", "expected_branch") })
            {
                var want = AgentValues.StringField(assertion, key);
                var got = AgentValues.StringField(stage, field);
                if (want is not null && want != got)
                {
                    failures.Add($"stage {nodeId} {field} mismatch: expected {want}, got {got ?? "nil"}");
                }
            }

            var kinds = AgentValues.ListField(stage, "artifacts").AsSpan().ToArray().Select(a => AgentValues.StringField(a, "kind")).ToHashSet();
            foreach (var kind in AgentValues.Strings(AgentValues.Field(assertion, "required_artifact_kinds")))
            {
                if (!kinds.Contains(kind))
                {
                    failures.Add($"stage {nodeId} missing artifact kind {kind}");
                }
            }

            if (AgentValues.StringField(assertion, "visible_text_contains") is { } needle
                && !(AgentValues.StringField(stage, "visible_text") ?? "").Contains(needle, StringComparison.Ordinal))
            {
                failures.Add($"stage {nodeId} visible text does not contain \"{needle}\"");
            }
        }

        return AgentValues.Dict(
            ("_type", Rec.S("run_eval")),
            ("run_id", AgentValues.Field(run, "id")),
            ("fixture_id", AgentValues.Field(fixture, "id")),
            ("pass", Rec.B(failures.Count == 0)),
            ("failures", Rec.Strings(failures)),
            ("stage_count", Rec.I(stages.Length)));
    }

    /// <summary>What changed from <paramref name="left"/> to <paramref name="right"/>, stage by stage.</summary>
    public static Value Diff(Value left, Value right)
    {
        var leftStatus = AgentValues.StringField(left, "status");
        var rightStatus = AgentValues.StringField(right, "status");
        var leftStages = AgentValues.ListField(left, "stages").AsSpan().ToArray();
        var rightStages = AgentValues.ListField(right, "stages").AsSpan().ToArray();
        var nodeIds = leftStages.Concat(rightStages).Select(s => AgentValues.StringField(s, "node_id") ?? "").Distinct().ToList();
        var stageDiffs = new List<Value>();
        foreach (var nodeId in nodeIds)
        {
            var a = leftStages.FirstOrDefault(s => AgentValues.StringField(s, "node_id") == nodeId);
            var b = rightStages.FirstOrDefault(s => AgentValues.StringField(s, "node_id") == nodeId);
            if (a.Kind != ValueKind.Dict || b.Kind != ValueKind.Dict)
            {
                stageDiffs.Add(AgentValues.Dict(("node_id", Rec.S(nodeId)), ("change", Rec.S(a.Kind == ValueKind.Dict ? "removed" : "added")), ("details", Rec.L([]))));
                continue;
            }

            var details = new List<string>();
            foreach (var field in new[] { "status", "outcome", "branch" })
            {
                var x = AgentValues.StringField(a, field);
                var y = AgentValues.StringField(b, field);
                if (x != y)
                {
                    details.Add($"{field}: {x ?? "nil"} -> {y ?? "nil"}");
                }
            }

            var ca = AgentValues.ListField(a, "artifacts").Count;
            var cb = AgentValues.ListField(b, "artifacts").Count;
            if (ca != cb)
            {
                details.Add($"artifacts: {ca} -> {cb}");
            }

            if (details.Count > 0)
            {
                stageDiffs.Add(AgentValues.Dict(("node_id", Rec.S(nodeId)), ("change", Rec.S("changed")), ("details", Rec.Strings(details))));
            }
        }

        long Delta(string key) => AgentValues.ListField(right, key).Count - AgentValues.ListField(left, key).Count;
        var statusChanged = leftStatus != rightStatus;
        var transitions = Delta("transitions");
        var artifacts = Delta("artifacts");
        var checkpoints = Delta("checkpoints");
        return AgentValues.Dict(
            ("left_run_id", AgentValues.Field(left, "id")),
            ("right_run_id", AgentValues.Field(right, "id")),
            ("identical", Rec.B(!statusChanged && stageDiffs.Count == 0 && transitions == 0 && artifacts == 0 && checkpoints == 0)),
            ("status_changed", Rec.B(statusChanged)),
            ("left_status", Rec.S(leftStatus)),
            ("right_status", Rec.S(rightStatus)),
            ("stage_diffs", Rec.L(stageDiffs)),
            ("transition_count_delta", Rec.I(transitions)),
            ("artifact_count_delta", Rec.I(artifacts)),
            ("checkpoint_count_delta", Rec.I(checkpoints)));
    }

    /// <summary>One case of a suite: a run, the fixture it is held to and an optional baseline run.</summary>
    internal sealed record SuiteCase(string? Label, Value Run, Value Fixture, Value Baseline, string? Path)
    {
        public static SuiteCase FromValue(Value item)
        {
            if (item.Kind != ValueKind.Dict)
            {
                throw RuntimeErrors.Type($"run_record_eval_suite: expected a list of case dicts, got {TypeNames.Of(item)}");
            }

            var run = AgentValues.Field(item, "run");
            if (run.Kind != ValueKind.Dict)
            {
                throw RuntimeErrors.Thrown("run_record_eval_suite: each case needs a run record under `run`");
            }

            var baseline = AgentValues.Field(item, "baseline") is { Kind: ValueKind.Dict } b ? RunRecords.Normalize(b.AsDict) : Value.Nil;
            return new SuiteCase(AgentValues.StringField(item, "label"), RunRecords.Normalize(run.AsDict), AgentValues.Field(item, "fixture"), baseline, AgentValues.StringField(item, "path"));
        }
    }

    public static Value Suite(IReadOnlyList<SuiteCase> cases)
    {
        var reports = new List<Value>();
        var passed = 0;
        foreach (var item in cases)
        {
            var eval = Evaluate(item.Run, item.Fixture);
            var failures = AgentValues.ListField(eval, "failures").AsSpan().ToArray().ToList();
            var comparison = Value.Nil;
            if (item.Baseline.Kind == ValueKind.Dict)
            {
                comparison = Diff(item.Baseline, item.Run);
                if (!Rec.Truthy(comparison, "identical"))
                {
                    failures.Add(Rec.S($"run differs from baseline {AgentValues.StringField(item.Baseline, "id")}"));
                }
            }

            var pass = failures.Count == 0;
            passed += pass ? 1 : 0;
            reports.Add(AgentValues.Dict(
                ("label", Rec.S(item.Label ?? AgentValues.StringField(item.Run, "id"))),
                ("run_id", AgentValues.Field(item.Run, "id")),
                ("workflow_id", AgentValues.Field(item.Run, "workflow_id")),
                ("source_path", Rec.S(item.Path)),
                ("pass", Rec.B(pass)),
                ("failures", Rec.L(failures)),
                ("comparison", comparison)));
        }

        return AgentValues.Dict(
            ("_type", Rec.S("eval_suite_report")),
            ("pass", Rec.B(passed == cases.Count)),
            ("total", Rec.I(cases.Count)),
            ("passed", Rec.I(passed)),
            ("failed", Rec.I(cases.Count - passed)),
            ("cases", Rec.L(reports)));
    }

    public static Value Manifest(HarnDict input)
    {
        var rec = new Rec(Value.FromDict(input));
        rec["_type"] = Rec.S("eval_suite_manifest");
        rec.Default("id", Rec.S(Rec.NewId("eval_suite")));
        rec.Default("name", Value.Nil);
        rec.Default("base_dir", Value.Nil);
        var cases = rec["cases"].Kind == ValueKind.List ? rec["cases"].AsList.AsSpan().ToArray() : [];
        rec["cases"] = Rec.L(cases.Select(c =>
        {
            if (c.Kind != ValueKind.Dict || AgentValues.StringField(c, "run_path") is null)
            {
                throw RuntimeErrors.Thrown("eval_suite_manifest: each case needs a `run_path` string");
            }

            var item = new Rec(c);
            item.Default("label", Value.Nil);
            item.Default("fixture_path", Value.Nil);
            item.Default("compare_to", Value.Nil);
            return item.ToValue();
        }));
        return rec.ToValue();
    }

    private static Value RunManifest(HarnDict input)
    {
        var manifest = AgentValues.StringField(Value.FromDict(input), "_type") == "eval_suite_manifest" ? Value.FromDict(input) : Manifest(input);
        var baseDir = AgentValues.StringField(manifest, "base_dir");
        string Resolve(string path) => baseDir is null || System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(baseDir, path);
        var cases = new List<SuiteCase>();
        foreach (var c in AgentValues.ListField(manifest, "cases"))
        {
            var runPath = Resolve(AgentValues.StringField(c, "run_path")!);
            var run = RunRecords.Load(runPath);
            var baseline = AgentValues.StringField(c, "compare_to") is { } compare ? RunRecords.Load(Resolve(compare)) : Value.Nil;
            var fixture = AgentValues.StringField(c, "fixture_path") is { } fixturePath
                ? LoadJson(Resolve(fixturePath), "eval_suite_run")
                : baseline.Kind == ValueKind.Dict ? Fixture(baseline) : Value.Nil;
            cases.Add(new SuiteCase(AgentValues.StringField(c, "label"), run, fixture, baseline, runPath));
        }

        return Suite(cases);
    }

    internal static Value LoadJson(string path, string function)
    {
        try
        {
            return JsonConversion.Parse(File.ReadAllText(Host.HostPaths.Full(path)));
        }
        catch (Exception error) when (Host.HostErrors.IsHostFailure(error))
        {
            throw Host.HostErrors.Io($"{function}: failed to read {path}", error);
        }
    }
}
