using Xunit;
using static Harn.Vm.Tests.HostLibrary.HostScripts;

namespace Harn.Vm.Tests.Mcp;

/// <summary><c>agent_loop</c>'s <c>mcp_servers</c>: server tools join the loop as <c>server__tool</c> and dispatch by their own name.</summary>
public sealed class AgentLoopMcpServersTests
{
    [Fact]
    public void ServerToolsArePrefixedAndCalledByTheirOwnName()
    {
        using var server = new FakeMcpHttpServer();
        AssertLines(Output($$$"""
            llm_mock({text: "", tool_calls: [{id: "c1", name: "notes__echo", arguments: {message: "via loop"}}]})
            llm_mock({text: "done"})
            let result = agent_loop("go", nil, {
              provider: "mock",
              tool_format: "native",
              max_iterations: 3,
              mcp_servers: [{name: "notes", transport: "http", url: {{{Quote(server.Endpoint)}}}}],
            })
            println(result.tools.successful)
            println(result.transcript.messages.filter({ m -> m.role == "tool" }).map({ m -> m.content }))
            """),
            "[notes__echo]",
            "[echo: via loop]");
        Assert.Equal(["initialize", "notifications/initialized", "tools/list", "tools/call"], server.Methods);
    }

    [Fact]
    public void AServerWithoutANameIsRefused()
    {
        Assert.StartsWith("Thrown: agent_loop: each mcp_servers entry needs a `name`", Error("""
            agent_loop("go", nil, {provider: "mock", mcp_servers: [{transport: "http", url: "http://127.0.0.1:9/mcp"}]})
            """));
    }
}
