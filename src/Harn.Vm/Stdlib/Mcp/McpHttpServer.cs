using System.Net;
using System.Text;
using Harn.Runtime;
using Harn.Stdlib.Llm;

namespace Harn.Stdlib.Mcp;

/// <summary>
/// Serves a run's <see cref="McpServerCatalog"/> over Streamable HTTP: each POST to the endpoint
/// carries one JSON-RPC message and gets its response as JSON (a notification gets 202). The
/// session id is issued at <c>initialize</c>. Requests are taken one at a time and answered on
/// the VM's thread, so handlers are ordinary Harn calls; serving ends when <c>stop</c> fires.
/// </summary>
internal static class McpHttpServer
{
    public static void Serve(BuiltinContext context, Uri endpoint, string serverName, CancellationToken stop)
    {
        var session = new McpServerSession(context, McpServerCatalog.Of(context), serverName);
        var sessionId = Guid.NewGuid().ToString("N");
        using var listener = new HttpListener();
        listener.Prefixes.Add($"{endpoint.Scheme}://{endpoint.Authority}/");
        listener.Start();
        using var stopping = stop.Register(listener.Stop);
        var path = endpoint.AbsolutePath.TrimEnd('/');
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext request;
            try
            {
                request = LlmWait.Run(context, token => listener.GetContextAsync().WaitAsync(token));
            }
            catch (HarnRuntimeException) when (stop.IsCancellationRequested)
            {
                // Stopping closed the listener under the wait.
                break;
            }

            Answer(request, session, sessionId, path);
        }
    }

    private static void Answer(HttpListenerContext http, McpServerSession session, string sessionId, string path)
    {
        var response = http.Response;
        try
        {
            if (http.Request.Url?.AbsolutePath.TrimEnd('/') != path)
            {
                response.StatusCode = 404;
                return;
            }

            if (http.Request.HttpMethod != "POST")
            {
                response.StatusCode = 405;
                response.AddHeader("Allow", "POST");
                return;
            }

            string body;
            using (var reader = new StreamReader(http.Request.InputStream, Encoding.UTF8))
            {
                body = reader.ReadToEnd();
            }

            var answer = JsonConversion.TryParse(body, out var message) && message.Kind == ValueKind.Dict
                ? session.Handle(message)
                : McpJson.Error(Value.Nil, -32700, "Parse error");
            response.AddHeader("Mcp-Session-Id", sessionId);
            if (answer.IsNil)
            {
                response.StatusCode = 202;
                return;
            }

            var bytes = Encoding.UTF8.GetBytes(JsonConversion.Stringify(answer));
            response.ContentType = "application/json";
            response.AddHeader("MCP-Protocol-Version", McpJson.ProtocolVersion);
            response.ContentLength64 = bytes.Length;
            response.OutputStream.Write(bytes);
        }
        catch (Exception error) when (error is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away mid-answer.
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException)
            {
                // Already closed.
            }
        }
    }
}
