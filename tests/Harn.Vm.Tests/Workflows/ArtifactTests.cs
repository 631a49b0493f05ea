using Xunit;
using static Harn.Vm.Tests.Workflows.WorkflowTestRunner;

namespace Harn.Vm.Tests.Workflows;

public class ArtifactTests
{
    [Fact]
    public void Artifact_fills_in_the_artifact_shape()
    {
        var output = Run("""
            pipeline default() {
              let a = artifact({id: "a1", kind: "summary", text: "twelve chars"})
              println([a._type, a.id, a.kind, a.priority, a.estimated_tokens, a.freshness, a.lineage, a.metadata])
              println(artifact({text: "x"}).kind)
            }
            """);
        Assert.Equal("[artifact, a1, summary, 60, 3, fresh, [], {}]\nartifact\n", output);
    }

    [Fact]
    public void Adaptive_selection_drops_duplicates_and_ranks_by_priority_then_relevance()
    {
        var output = Run("""
            pipeline default() {
              let picked = select_artifacts_adaptive(
                [
                  artifact({id: "low", kind: "summary", text: "same", relevance: 0.1}),
                  artifact({id: "high", kind: "summary", text: "same", relevance: 0.9}),
                  artifact({id: "plan", kind: "plan", text: "do it"}),
                  artifact({id: "file", kind: "workspace_file", text: "body"}),
                ],
                {exclude_kinds: ["workspace_file"]},
              )
              println(picked.map({ a -> a.id }))
              println(len(select_artifacts_adaptive([artifact({text: "aaaa"}), artifact({text: "bbbb"})], {max_artifacts: 1})))
            }
            """);
        Assert.Equal("[plan, high]\n1\n", output);
    }

    [Fact]
    public void Diff_review_and_decision_carry_lineage()
    {
        var output = Run("""
            pipeline default() {
              let diff = artifact_diff("a.txt", "old\nsame", "new\nsame")
              println(diff.text)
              let review = artifact_diff_review(diff, "Looks fine")
              let decision = artifact_review_decision(review, "accepted")
              println([review.kind, decision.kind, decision.text, len(decision.lineage), decision.lineage[0] == diff.id])
              let derived = artifact_derive(diff, "analysis_note", {text: "note"})
              println([derived.kind, derived.text, derived.lineage[0] == diff.id, derived.id != diff.id])
            }
            """);
        Assert.Equal("--- a/a.txt\n+++ b/a.txt\n-old\n+new\n same\n[diff_review, review_decision, accepted, 2, true]\n[analysis_note, note, true, true]\n", output);
    }

    [Fact]
    public void Artifact_rejects_a_non_dict()
    {
        Assert.Equal("artifact: expected a dict, got int", Fails("pipeline default() { artifact(3) }").Detail);
    }

    [Fact]
    public void Assemble_context_interleaves_dedups_and_keeps_to_the_budget()
    {
        var output = Run("""
            pipeline default() {
              let a = artifact({id: "a", text: "one\n\ntwo"})
              let b = artifact({id: "b", text: "three\n\none"})
              let rr = assemble_context({artifacts: [a, b], strategy: "round_robin", dedup: "chunked", microcompact_threshold: 1})
              println(rr.chunks.map({ c -> c.text }))
              println(rr.dropped.map({ d -> d.reason }))
              let tight = assemble_context({artifacts: [a, b], strategy: "round_robin", dedup: "none", budget_tokens: 2, microcompact_threshold: 1})
              println([tight.total_tokens, len(tight.chunks)])
              println(try { assemble_context({artifacts: [], strategy: "random"}) })
            }
            """);
        Assert.Equal(
            "[one, three, two]\n[duplicate]\n[2, 2]\n"
            + "Result.Err(assemble_context: unknown strategy \"random\"; expected recency, relevance or round_robin)\n",
            output);
    }
}
