using Xunit;
using static Harn.Vm.Tests.Agents.AgentTestRunner;

namespace Harn.Vm.Tests.Agents;

public class TranscriptTests
{
    [Fact]
    public void Messages_become_events_and_render_by_visibility()
    {
        var output = Run("""
            pipeline default() {
              var t = transcript({source: "unit"})
              t = add_user(t, "hello")
              t = add_assistant(t, [{type: "text", text: "hi"}, {type: "text", text: "secret", visibility: "private"}])
              t = add_message(t, "tool", "42")
              println(t._type + " " + to_string(t.version) + " " + t.state + " " + t.metadata.source)
              println(transcript_events(t).map({ e -> e.kind + "/" + e.role + "/" + e.visibility }))
              println(transcript_render_visible(t))
              println(transcript_render_full(t))
            }
            """);
        Assert.Equal(
            "transcript 2 active unit\n"
            + "[message/user/public, message/assistant/public, tool_result/tool/internal]\n"
            + "user: hello\nassistant: hi\n"
            + "[public] user: hello\n[public] assistant: hi\nsecret\n[internal] tool: 42\n",
            output);
    }

    [Fact]
    public void Lifecycle_changes_state_and_records_internal_events()
    {
        var output = Run("""
            pipeline default() {
              let a = transcript_archive(add_user(transcript(), "x"))
              let r = transcript_resume(a)
              println(a.state + " " + r.state + " " + transcript_abandon(r).state)
              println(transcript_render_full(r))
              println(transcript_reset({metadata: {k: 1}}).metadata)
            }
            """);
        Assert.Equal(
            "archived active abandoned\n[public] user: x\n[internal] system: transcript archived\n[internal] system: transcript resumed\n{k: 1}\n",
            output);
    }

    [Fact]
    public void Assets_fork_and_export_round_trip()
    {
        var output = Run("""
            pipeline default() {
              let t = transcript_add_asset(transcript(), {kind: "image", name: "d.png"})
              let asset = transcript_assets(t)[0]
              println(asset.id.starts_with("asset_") && asset.visibility == "internal")
              let u = add_user(t, [{type: "image", asset_id: asset.id, name: "d.png"}, {type: "text", text: "look"}])
              println(transcript_render_visible(u))
              let f = transcript_fork(u, {drop_messages: true})
              println(f.id != u.id && f.metadata.forked_from == u.id && len(transcript_messages(f)) == 0 && len(transcript_assets(f)) == 1)
              let back = transcript_import(transcript_export(u))
              println(back.id == u.id && transcript_messages(back) == transcript_messages(u))
              println(try { transcript_import("[1]") })
            }
            """);
        Assert.Equal("true\nuser: [image: d.png]\nlook\ntrue\ntrue\nResult.Err(transcript_import: expected a JSON object)\n", output);
    }

    [Fact]
    public void Stats_count_roles_tool_calls_and_visible_events()
    {
        var output = Run("""
            pipeline default() {
              let s = transcript_stats({
                _type: "transcript",
                messages: [
                  {role: "user", content: "a"},
                  {role: "assistant", content: "", tool_calls: [{id: 1}, {id: 2}]},
                  {role: "tool", content: "r"},
                ],
                events: [{kind: "message", visibility: "public"}, {kind: "x", visibility: "internal"}],
              })
              println(s)
              println(transcript_stats(nil).message_count)
            }
            """);
        Assert.Equal(
            "{assistant_message_count: 1, event_count: 2, message_count: 3, tool_call_count: 2, tool_result_message_count: 1, user_facing_message_count: 2, user_message_count: 1, visible_event_count: 1}\n0\n",
            output);
    }

    [Fact]
    public void Compaction_keeps_a_tail_that_starts_at_a_user_turn_and_archives_the_rest()
    {
        var output = Run("""
            pipeline default() {
              let t = transcript_from_messages([
                {role: "user", content: "one"}, {role: "assistant", content: "two"},
                {role: "user", content: "three"}, {role: "assistant", content: "four"},
              ])
              let c = transcript_compact(t, {strategy: "truncate", keep_last: 1})
              println(transcript_summary(c))
              println(transcript_messages(c))
              let ev = transcript_events_by_kind(c, "compaction")[0]
              println(ev.metadata.strategy + " " + to_string(ev.metadata.archived_count) + " " + to_string(ev.metadata.kept_count))
              println(len(transcript_messages(transcript_assets(c)[0].data)))
              println(transcript_summary(transcript_compact(t, {keep_last: 2, summary: "given"})))
            }
            """);
        Assert.Equal(
            "[auto-compacted 2 older messages]\nuser: one\nassistant: two\n[{content: three, role: user}, {content: four, role: assistant}]\ntruncate 2 2\n4\ngiven\n",
            output);
    }

    [Fact]
    public void Observation_masking_and_custom_auto_compaction()
    {
        var output = Run("""
            pipeline default() {
              var long = "error: failed"
              for i in range(0, 12) { long = long + "\nline " + to_string(i) }
              let t = transcript_from_messages([{role: "user", content: long}, {role: "assistant", content: "ok"}, {role: "user", content: "next"}])
              println(transcript_summary(transcript_compact(t, {strategy: "observation_mask", keep_last: 1})))
              let msgs = transcript_auto_compact(transcript_messages(t), {keep_last: 1, compact_callback: { archived -> {summary: "had " + to_string(len(archived))} }})
              println(msgs)
              println(len(transcript_auto_compact(transcript_messages(t), {keep_last: 5})))
              println(try { transcript_compact(t, {strategy: "zip"}) })
            }
            """);
        Assert.Equal(
            "[auto-compacted 2 older messages; masked 1 observations]\nuser: error: failed [masked 12 lines of output]\nassistant: ok\n"
            + "[{content: [auto-compacted 2 older messages]\nhad 2, role: user}, {content: next, role: user}]\n3\n"
            + "Result.Err(transcript compaction: unknown strategy \"zip\"; expected truncate, observation_mask, llm or custom)\n",
            output);
    }

    [Fact]
    public void Microcompact_and_token_estimates()
    {
        var output = Run("""
            pipeline default() {
              println(microcompact("short", 10))
              println(microcompact("abcdefghij", 4))
              println(estimate_tokens([{role: "user", content: "x".repeat(41)}, {role: "user", content: [{type: "text", text: "abcd"}]}]))
            }
            """);
        Assert.Equal("short\nab\n\n[... snipped 6 chars ...]\n\nij\n11\n", output);
    }
}
