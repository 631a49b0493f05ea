using Xunit;
using static Harn.Vm.Tests.Agents.AgentTestRunner;

namespace Harn.Vm.Tests.Agents;

public class AgentStateAndMemoryTests
{
    [Fact]
    public void Agent_state_keys_round_trip_and_refuse_escapes_and_foreign_overwrites()
    {
        var output = Run("""
            pipeline default() {
              let root = path_join(temp_dir(), "harn-agent-state-unit-" + uuid())
              let a = agent_state_init(root, {session_id: "s", writer_id: "a"})
              agent_state_write(a, "notes/x.md", "one")
              println(agent_state_list(a))
              println(try { agent_state_write(a, "../escape", "no") })
              let b = agent_state_resume(root, "s", {writer_id: "b", conflict_policy: "error"})
              println(try { agent_state_write(b, "notes/x.md", "two") })
              println(agent_state_read(b, "notes/x.md") + " " + to_string(agent_state_delete(b, "notes/x.md")) + " " + to_string(agent_state_read(b, "notes/x.md")))
              println(is_err(try { agent_state_resume(root, "missing", {}) }))
              delete_file(root)
            }
            """);
        Assert.Equal(
            "[notes/x.md]\n"
            + "Result.Err(agent_state_write: key '../escape' must be a relative path inside the session)\n"
            + "Result.Err(agent_state_write: key 'notes/x.md' in session 's' was previously written by 'a'; writer 'b' refuses to overwrite it (conflict_policy: error))\n"
            + "one true nil\ntrue\n",
            output);
    }

    [Fact]
    public void Memory_keeps_the_latest_record_per_key_ranks_recall_and_forgets()
    {
        var output = Run("""
            pipeline default() {
              let root = path_join(temp_dir(), "harn-memory-unit-" + uuid())
              let o = {root: root, now: "2026-01-01T00:00:00Z"}
              memory_store("ns", "k1", "likes green tea", ["drink"], o)
              memory_store("ns", "k2", {text: "likes black coffee"}, ["drink"], o)
              memory_store("ns", "k1", "likes green apples", ["food"], o)
              let hits = memory_recall("ns", "green apples", 5, {root: root})
              println(hits.map({ r -> r.key + " " + r.text + " " + to_string(r.score) }))
              println(memory_summarize("ns", {}, {root: root}).count)
              println(memory_forget("ns", {tag: "drink"}, {root: root}).forgotten)
              println(memory_summarize("ns", nil, {root: root}).text)
              delete_file(root)
            }
            """);
        Assert.Equal("[k1 likes green apples 1.0]\n2\n1\n- k1: likes green apples\n", output);
    }
}
