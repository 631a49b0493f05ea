using Xunit;
using static Harn.Vm.Tests.Agents.AgentTestRunner;

namespace Harn.Vm.Tests.Agents;

public class AgentSessionTests
{
    [Fact]
    public void Sessions_open_inject_trim_reset_and_close()
    {
        var output = Run("""
            pipeline default() {
              let s = agent_session_open("s1")
              println(s + " " + to_string(agent_session_open("s1") == s) + " " + to_string(agent_session_exists("s1")))
              agent_session_inject(s, {role: "user", content: "a"})
              agent_session_inject(s, {role: "assistant", content: "b"})
              agent_session_inject(s, {role: "user", content: "c"})
              println(agent_session_trim(s, 2))
              println(agent_session_snapshot(s).messages.map({ m -> m.content }))
              agent_session_reset(s)
              println(agent_session_length(s))
              agent_session_close(s)
              println(agent_session_exists(s))
              println(agent_session_snapshot(s))
              println(try { agent_session_length(s) })
              println(try { agent_session_inject(agent_session_open("s2"), {content: "no role"}) })
              println(len(agent_session_open()) == 36)
            }
            """);
        Assert.Equal(
            "s1 true true\n2\n[b, c]\n0\nfalse\nnil\n"
            + "Result.Err(agent_session_length: unknown agent session id 's1')\n"
            + "Result.Err(agent_session_inject: message must be a dict with a string `role`)\ntrue\n",
            output);
    }

    [Fact]
    public void Forks_record_their_lineage()
    {
        var output = Run("""
            pipeline default() {
              let root = agent_session_open("root")
              agent_session_inject(root, {role: "user", content: "a"})
              agent_session_inject(root, {role: "assistant", content: "b"})
              let child = agent_session_fork(root, "child")
              let grandchild = agent_session_fork_at(child, 1, "grand")
              agent_session_inject(child, {role: "user", content: "c"})
              println([agent_session_length(root), agent_session_length(child), agent_session_length(grandchild)])
              println(agent_session_ancestry(grandchild))
              let snap = agent_session_snapshot(child)
              println(to_string(snap.parent_id) + " " + to_string(snap.child_ids) + " " + to_string(snap.branched_at_event_index))
              println(agent_session_snapshot(grandchild).branched_at_event_index)
              println(try { agent_session_fork(root, "root") })
            }
            """);
        Assert.Equal(
            "[2, 3, 1]\n{child_ids: [], parent_id: child, root_id: root}\nroot [grand] nil\n1\n"
            + "Result.Err(agent_session_fork: a session cannot be forked onto itself)\n",
            output);
    }

    [Fact]
    public void Compacting_a_session_snapshot_notifies_its_subscribers()
    {
        var output = Run("""
            pipeline default() {
              let s = agent_session_open("live")
              for m in ["one", "two", "three"] { agent_session_inject(s, {role: "user", content: m}) }
              agent_subscribe(s, { ev -> log(ev.type + " " + ev.session_id + " " + to_string(ev.archived_count)) })
              let _ = transcript_compact(agent_session_snapshot(s), {strategy: "truncate", keep_last: 1})
              println(agent_session_compact(s, {strategy: "truncate", keep_last: 2}))
              println(agent_session_current_id())
            }
            """);
        Assert.Equal("[harn] transcript_compacted live 2\n[harn] transcript_compacted live 1\n2\nnil\n", output);
    }
}
