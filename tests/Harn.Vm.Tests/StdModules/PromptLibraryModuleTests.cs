using Xunit;
using static Harn.Vm.Tests.StdModules.StdModuleSource;

namespace Harn.Vm.Tests.StdModules;

public class PromptLibraryModuleTests
{
    [Fact]
    public void Fragments_render_rank_and_cluster()
    {
        var output = Run(
            "import \"std/prompt_library\"\n" +
            "let library = prompt_library([\n" +
            "  {id: \"rust\", title: \"Rust repo conventions\", tags: [\"rust\", \"testing\"], cache_ttl: \"5m\", body: \"Use nextest for {{crate}} and keep sccache warm.\"},\n" +
            "  {id: \"ops\", tags: [\"ops\"], body: \"Operate in {{ env }} with low-noise status updates.\"},\n" +
            "])\n" +
            "println(prompt_library_inject(library, \"rust\", {crate: \"harn-vm\"}))\n" +
            "println(prompt_library_payload(library, \"ops\", {env: \"prod\"}))\n" +
            "println(prompt_library_list(library, {tag: \"ops\"}).map({ f -> f.id }))\n" +
            "let api = prompt_library_api(library)\n" +
            "println(api.inject(\"ops\", {env: \"staging\"}))\n" +
            "println(prompt_library_suggest(library, {query: \"sccache\", limit: 1}).map({ f -> [f.id, f.score] }))\n" +
            "println(prompt_library_inject_cluster(library, {max_tokens: 14}, {crate: \"parser\", env: \"dev\"}))\n" +
            "println(try { prompt_library_inject(library, \"nope\") })\n");

        Assert.Equal(
            string.Join(
                "\n",
                "Use nextest for harn-vm and keep sccache warm.",
                "{cache_control: {type: ephemeral}, id: ops, tags: [ops], text: Operate in prod with low-noise status updates., title: ops, token_estimate: 12}",
                "[ops]",
                "Operate in staging with low-noise status updates.",
                "[[rust, 1]]",
                "Use nextest for parser and keep sccache warm.",
                "Result.Err(prompt_library_inject: unknown prompt fragment 'nope')"),
            output);
    }

    [Fact]
    public void Hotspots_propose_shared_text_for_review()
    {
        var output = Run(
            "import \"std/prompt_library\"\n" +
            "let conversations = [\n" +
            "  {id: \"a1\", tenant_id: \"t\", text: \"System repo rust testing conventions use nextest sccache cargo workspace shared alpha\", embedding: [0.0, 0.0]},\n" +
            "  {id: \"a2\", tenant_id: \"t\", text: \"System repo rust testing conventions use nextest sccache cargo workspace shared beta\", embedding: [0.0, 0.1]},\n" +
            "  {id: \"b1\", tenant_id: \"u\", text: \"System docs\", embedding: [10.0, 10.0]},\n" +
            "]\n" +
            "let proposals = prompt_library_hotspots(conversations, {tenant_id: \"t\", k: 1, min_shared_tokens: 8, dollars_per_token: 0.01, daily_invocation_count: 1})\n" +
            "println([len(proposals), proposals[0].provenance, proposals[0].body, proposals[0].shared_tokens])\n" +
            "let queue = prompt_library_review_queue(prompt_library_define(prompt_library(), proposals[0]))\n" +
            "println([len(queue), queue[0].members, queue[0].status])\n" +
            "println(prompt_library_hotspots(conversations, {tenant_id: \"t\", min_shared_tokens: 20}))\n");

        Assert.Equal(
            string.Join(
                "\n",
                "[1, kmeans, system repo rust testing conventions use nextest sccache cargo workspace shared, 11]",
                "[1, [a1, a2], proposed]",
                "[]"),
            output);
    }
}
