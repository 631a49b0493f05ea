using Xunit;
using static Harn.Vm.Tests.Workflows.WorkflowTestRunner;

namespace Harn.Vm.Tests.Workflows;

public class AgentWorkerTests
{
    [Fact]
    public void Workers_run_turns_carry_their_conversation_and_close()
    {
        var output = Run("""
            pipeline default() {
              let w = spawn_agent({name: "w", task: "Say hi", node: {kind: "stage", mode: "llm", model_policy: {provider: "mock"}}})
              println([w.status, w.mode, w.turn])
              let done = wait_agent(w)
              println([done.status, done.turn, done.artifact_count, done.result.visible_text])
              let next = wait_agent(send_input(done, "more"))
              println([next.turn, len(transcript_messages(next.transcript))])
              println([len(list_agents()), close_agent(next).status])
              println(try { send_input(next, "again") } == nil)
              println(try { spawn_agent({name: "x"}) })
            }
            """);
        Assert.Equal(
            "[running, stage, 0]\n[completed, 1, 1, Mock response to 2-word prompt: Say hi]\n[2, 4]\n[1, cancelled]\nfalse\n"
            + "Result.Err(spawn_agent: the config needs a `node` (one workflow node) or a `graph` (a workflow))\n",
            output);
    }
}
