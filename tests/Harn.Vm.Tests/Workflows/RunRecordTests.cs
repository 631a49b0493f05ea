using Xunit;
using static Harn.Vm.Tests.Workflows.WorkflowTestRunner;

namespace Harn.Vm.Tests.Workflows;

public class RunRecordTests
{
    private const string Runs = """
        fn run_with(id, status, outcome) {
          return run_record({id: id, workflow_id: "wf", status: status, stages: [{id: "s1", node_id: "act", status: status, outcome: outcome}]})
        }

        """;

    [Fact]
    public void Run_record_normalizes_and_derives_observability()
    {
        var output = Run(Runs + """
            pipeline default() {
              let run = run_with("r1", "completed", "success")
              println([run._type, run.observability.schema_version, run.observability.stage_count, len(run.transitions), run.stages[0].kind])
              println(run.observability.action_graph_nodes.map({ n -> n.kind }))
            }
            """);
        Assert.Equal("[run_record, 4, 1, 0, stage]\n[stage]\n", output);
    }

    [Fact]
    public void Fixtures_suites_and_diffs_compare_runs()
    {
        var output = Run(Runs + """
            pipeline default() {
              let good = run_with("good", "completed", "success")
              let bad = run_with("bad", "failed", "error")
              let fixture = run_record_fixture(good)
              println([fixture._type, fixture.expected_status, fixture.stage_assertions[0].expected_outcome])
              println(run_record_eval(bad, fixture).failures)
              let suite = run_record_eval_suite([{run: good, fixture: fixture}, {run: bad, fixture: fixture, label: "bad"}])
              println([suite.pass, suite.total, suite.passed, suite.failed, suite.cases[1].label])
              let diff = run_record_diff(good, bad)
              println([diff.identical, diff.status_changed, diff.stage_diffs[0].details])
              println(run_record_diff(good, good).identical)
            }
            """);
        Assert.Equal(
            "[replay_fixture, completed, success]\n"
            + "[run status mismatch: expected completed, got failed, stage act status mismatch: expected completed, got failed, stage act outcome mismatch: expected success, got error]\n"
            + "[false, 2, 1, 1, bad]\n"
            + "[false, true, [status: completed -> failed, outcome: success -> error]]\n"
            + "true\n",
            output);
    }

    [Fact]
    public void Runs_round_trip_through_disk()
    {
        var path = Path.Combine(Path.GetTempPath(), $"harn-run-{Guid.NewGuid():N}.json").Replace("\\", "/", StringComparison.Ordinal);
        try
        {
            var output = Run(Runs + $$"""
                pipeline default() {
                  let saved = run_record_save(run_with("disk", "completed", "success"), "{{path}}")
                  let loaded = run_record_load(saved.path)
                  println([loaded._type, loaded.id, loaded.stages[0].node_id])
                  let suite = eval_suite_run(eval_suite_manifest({cases: [{run_path: "{{path}}", compare_to: "{{path}}"}]}))
                  println([suite.pass, suite.cases[0].comparison.identical])
                  println(try { eval_suite_manifest({cases: [{label: "x"}]}) })
                }
                """);
            Assert.Equal("[run_record, disk, act]\n[true, true]\nResult.Err(eval_suite_manifest: each case needs a `run_path` string)\n", output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Eval_pack_declarations_run_their_body_with_the_fields_in_scope()
    {
        var path = Path.Combine(Path.GetTempPath(), $"harn-pack-{Guid.NewGuid():N}.json").Replace("\\", "/", StringComparison.Ordinal);
        try
        {
            var output = Run(Runs + $$"""
                pipeline default() {
                  run_record_save(run_with("cand", "completed", "success"), "{{path}}")
                  eval_pack pack "my-pack" {
                    fixtures: [{id: "c", kind: "run-record", path: "{{path}}"}]
                    rubrics: [{id: "ok", kind: "deterministic", assertions: [{kind: "run-status", expected: "failed"}]}]
                    cases: [{id: "case_1", run: "c", rubrics: ["ok"]}]
                    println(id + " " + to_string(version) + " " + to_string(len(cases)))
                    summarize {
                      let report = eval_pack_run(pack)
                      println([report.pass, report.failed, report.cases[0].failures])
                    }
                  }
                  println(pack._type)
                }
                """);
            Assert.Equal("my-pack 1 1\n[false, 1, [ok: run-status: expected failed, got completed]]\neval_pack_manifest\n", output);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
