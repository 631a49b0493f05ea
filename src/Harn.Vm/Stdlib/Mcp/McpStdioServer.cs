using Harn.Runtime;
using Harn.Stdlib.Llm;

namespace Harn.Stdlib.Mcp;

/// <summary>
/// Serves a run's <see cref="McpServerCatalog"/> over newline-delimited JSON-RPC until its input
/// ends. It runs inside the run (on the VM's thread, with the run's context) so tool, resource
/// and prompt handlers are ordinary Harn calls; reading waits like any host I/O, so the run's
/// other tasks keep going meanwhile.
/// </summary>
internal static class McpStdioServer
{
    public static void Serve(BuiltinContext context, TextReader input, TextWriter output, string serverName)
    {
        var session = new McpServerSession(context, McpServerCatalog.Of(context), serverName);
        while (LlmWait.Run(context, token => input.ReadLineAsync(token).AsTask()) is { } line)
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var response = JsonConversion.TryParse(line, out var message) && message.Kind == ValueKind.Dict
                ? session.Handle(message)
                : McpJson.Error(Value.Nil, -32700, "Parse error");
            if (!response.IsNil)
            {
                output.Write(JsonConversion.Stringify(response) + "\n");
                output.Flush();
            }
        }
    }
}
