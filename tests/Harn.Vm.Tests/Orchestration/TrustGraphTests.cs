using Xunit;
using static Harn.Vm.Tests.Stdlib.StdlibAssert;

namespace Harn.Vm.Tests.Orchestration;

public class TrustGraphTests
{
    [Fact]
    public void Records_chain_by_hash_and_verify()
    {
        Prints("""
            let a = trust_record("bot", "deploy", nil, "success", "suggest")
            let id = trust_graph_record({agent: "bot", action: "deploy", outcome: "failure", cost_usd: 0.5, trace_id: "tr-1"})
            let records = trust_query({agent: "bot"})
            println([records[0].chain_index, records[1].chain_index])
            println(records[0].previous_hash == nil && records[1].previous_hash == a.entry_hash)
            println(records[1].record_id == id && records[1].trace_id == "tr-1" && records[1].autonomy_tier == "act_auto")
            let report = trust_graph_verify_chain()
            println(report.verified && report.root_hash == records[1].entry_hash && report.record_count == 2)
            let score = trust_graph_query("bot", "deploy")
            println([score.total, score.successes, score.failures, score.success_rate])
            """,
            "[1, 2]", "true", "true", "true", "[2, 1, 1, 0.5]");
    }

    [Fact]
    public void Promotion_sets_the_effective_tier_and_its_policy()
    {
        Prints("""
            println(trust_graph_policy_for("bot").side_effect_level)
            trust_record("bot", "trust.demote", "lead", "success", "shadow")
            println(trust_graph_policy_for("bot").side_effect_level)
            trust_record("bot", "trust.promote", "lead", "success", "suggest")
            println(trust_graph_query("bot", nil).autonomy_tier + " " + trust_graph_policy_for("bot").side_effect_level)
            """,
            "network", "none", "suggest read_only");
    }

    [Fact]
    public void Queries_filter_limit_and_group()
    {
        Prints("""
            trust_graph_record({agent: "a", action: "x", trace_id: "t1"})
            trust_graph_record({agent: "a", action: "y", trace_id: "t1"})
            trust_graph_record({agent: "a", action: "x", trace_id: "t2", outcome: "denied"})
            println(trust_query({agent: "a", limit: 2}).map({ r -> r.action }))
            println(trust_query({agent: "a", outcome: "denied"}).map({ r -> r.trace_id }))
            println(trust_query({agent: "a", grouped_by_trace: true}).map({ g -> g.trace_id + ":" + to_string(len(g.records)) }))
            println(len(trust_query({agent: "b"})))
            """,
            "[y, x]", "[t2]", "[t1:2, t2:1]", "0");
    }

    [Fact]
    public void Bad_records_are_rejected()
    {
        Fails("""trust_record("a", "x", nil, "great", "suggest")""", "Thrown: trust_record: outcome must be one of success, failure, denied, timeout, got 'great'");
        Fails("""trust_record("a", "x", nil, "success", "boss")""", "Thrown: trust_record: autonomy tier must be one of shadow, suggest, act_with_approval, act_auto, got 'boss'");
        Fails("""trust_graph_record({action: "x"})""", "Thrown: trust_graph_record: decision.agent must be a string");
        Fails("""trust_query({limit: -1})""", "Type error: trust_query: expected a non-negative int limit, got int");
    }
}
