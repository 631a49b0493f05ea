using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Workflows;

/// <summary>
/// Eval packs (<c>eval_pack</c> declarations and <c>eval_pack_manifest</c>): fixtures of run
/// records on disk, rubrics of assertions, and cases that hold a fixture's run to rubrics and,
/// when a baseline is named, compare it with the baseline run. <c>eval_pack_run</c> reports.
/// </summary>
internal static class EvalPacks
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("eval_pack_manifest", (_, args) => Manifest(Args.Dict(args, 0, "eval_pack_manifest")));
        registry.Register("eval_pack_run", (_, args) => Run(Args.Dict(args, 0, "eval_pack_run")));
    }

    private static Value ListOrEmpty(Value value) => value.Kind == ValueKind.List ? value : Rec.L([]);

    public static Value Manifest(HarnDict input)
    {
        var rec = new Rec(Value.FromDict(input));
        rec["_type"] = Rec.S("eval_pack_manifest");
        rec.Default("id", Rec.S(Rec.NewId("eval_pack")));
        rec.Default("name", rec["id"]);
        rec.Default("version", Rec.I(1));
        rec.Default("base_dir", Value.Nil);
        rec.Default("baseline", Value.Nil);
        foreach (var key in new[] { "fixtures", "rubrics", "cases", "thresholds" })
        {
            rec[key] = ListOrEmpty(rec[key]);
        }

        rec.Default("metadata", Value.FromDict(HarnDict.Empty));
        return rec.ToValue();
    }

    private static Value Run(HarnDict input)
    {
        var pack = AgentValues.StringField(Value.FromDict(input), "_type") == "eval_pack_manifest" ? Value.FromDict(input) : Manifest(input);
        var baseDir = AgentValues.StringField(pack, "base_dir");
        string Resolve(string path) => baseDir is null || Path.IsPathRooted(path) ? path : Path.Combine(baseDir, path);
        var fixtures = AgentValues.ListField(pack, "fixtures").AsSpan().ToArray();
        var rubrics = AgentValues.ListField(pack, "rubrics").AsSpan().ToArray();
        var reports = new List<Value>();
        var passed = 0;
        foreach (var item in AgentValues.ListField(pack, "cases"))
        {
            var caseId = AgentValues.StringField(item, "id") ?? $"case_{reports.Count + 1}";
            var failures = new List<string>();
            var runRef = AgentValues.StringField(item, "run") ?? AgentValues.StringField(item, "fixture") ?? "";
            var fixture = fixtures.FirstOrDefault(f => AgentValues.StringField(f, "id") == runRef);
            var runPath = AgentValues.StringField(fixture, "path") ?? AgentValues.StringField(item, "run_path") ?? runRef;
            var run = RunRecords.Load(Resolve(runPath));
            var comparison = Value.Nil;
            if ((AgentValues.StringField(item, "compare_to") ?? AgentValues.StringField(pack, "baseline")) is { } baselinePath)
            {
                comparison = RunEvaluation.Diff(RunRecords.Load(Resolve(baselinePath)), run);
                if (!Rec.Truthy(comparison, "identical"))
                {
                    failures.Add($"run differs from baseline {baselinePath}");
                }
            }

            var rubricReports = new List<Value>();
            foreach (var rubricId in AgentValues.Strings(AgentValues.Field(item, "rubrics")))
            {
                var rubric = rubrics.FirstOrDefault(r => AgentValues.StringField(r, "id") == rubricId);
                var rubricFailures = rubric.Kind == ValueKind.Dict ? Rubric(rubric, run) : [$"unknown rubric {rubricId}"];
                failures.AddRange(rubricFailures.Select(f => $"{rubricId}: {f}"));
                rubricReports.Add(AgentValues.Dict(("id", Rec.S(rubricId)), ("pass", Rec.B(rubricFailures.Count == 0)), ("failures", Rec.Strings(rubricFailures))));
            }

            var pass = failures.Count == 0;
            passed += pass ? 1 : 0;
            reports.Add(AgentValues.Dict(
                ("id", Rec.S(caseId)),
                ("run_id", AgentValues.Field(run, "id")),
                ("source_path", Rec.S(Resolve(runPath))),
                ("pass", Rec.B(pass)),
                ("failures", Rec.Strings(failures)),
                ("rubrics", Rec.L(rubricReports)),
                ("comparison", comparison)));
        }

        return AgentValues.Dict(
            ("_type", Rec.S("eval_pack_report")),
            ("pack_id", AgentValues.Field(pack, "id")),
            ("version", AgentValues.Field(pack, "version")),
            ("pass", Rec.B(passed == reports.Count)),
            ("total", Rec.I(reports.Count)),
            ("passed", Rec.I(passed)),
            ("failed", Rec.I(reports.Count - passed)),
            ("cases", Rec.L(reports)));
    }

    /// <summary>The failures of one rubric against a run; deterministic and replay rubrics run locally.</summary>
    private static List<string> Rubric(Value rubric, Value run)
    {
        var kind = AgentValues.StringField(rubric, "kind") ?? "deterministic";
        switch (kind)
        {
            case "deterministic":
                return AgentValues.ListField(rubric, "assertions").AsSpan().ToArray().SelectMany(a => Assertion(a, run)).ToList();
            case "replay":
                return AgentValues.Strings(AgentValues.Field(RunEvaluation.Evaluate(run, Value.Nil), "failures")).ToList();
            default:
                return AgentValues.StringField(rubric, "severity") is "warning" or "informational"
                    ? []
                    : [$"rubric kind {kind} needs a runner that this evaluation does not have"];
        }
    }

    private static IEnumerable<string> Assertion(Value assertion, Value run)
    {
        var kind = AgentValues.StringField(assertion, "kind");
        var expected = AgentValues.Field(assertion, "expected");
        var stages = AgentValues.ListField(run, "stages").AsSpan().ToArray();
        var nodeId = AgentValues.StringField(assertion, "node_id") ?? AgentValues.StringField(assertion, "stage");
        var stage = stages.FirstOrDefault(s => nodeId is null || AgentValues.StringField(s, "node_id") == nodeId);
        string? Check(string field, Value of) =>
            ValueEquality.AreEqual(AgentValues.Field(of, field), expected) ? null : $"{kind}: expected {AgentValues.Text(expected)}, got {AgentValues.Text(AgentValues.Field(of, field))}";
        var failure = kind switch
        {
            "run-status" => Check("status", run),
            "stage-status" => Check("status", stage),
            "stage-outcome" => Check("outcome", stage),
            "stage-branch" => Check("branch", stage),
            "stage-count" => stages.Length == (expected.IsNumber ? (long)expected.AsNumber : -1) ? null : $"stage-count: expected {AgentValues.Text(expected)}, got {stages.Length}",
            "artifact-kind" => AgentValues.ListField(run, "artifacts").AsSpan().ToArray().Concat(stages.SelectMany(s => AgentValues.ListField(s, "artifacts").AsSpan().ToArray()))
                .Any(a => ValueEquality.AreEqual(AgentValues.Field(a, "kind"), expected)) ? null : $"artifact-kind: no artifact of kind {AgentValues.Text(expected)}",
            "visible-text-contains" => stages.Any(s => (AgentValues.StringField(s, "visible_text") ?? "").Contains(AgentValues.Text(expected), StringComparison.Ordinal))
                ? null : $"visible-text-contains: no stage text contains {AgentValues.Text(expected)}",
            _ => $"unsupported assertion kind {kind ?? "nil"}",
        };
        return failure is null ? [] : [failure];
    }
}
