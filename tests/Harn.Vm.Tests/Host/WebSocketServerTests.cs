using Xunit;
using static Harn.Vm.Tests.HostLibrary.HostScripts;

namespace Harn.Vm.Tests.HostLibrary;

/// <summary>WebSocket servers on loopback and the real client that talks to them.</summary>
public sealed class WebSocketServerTests
{
    [Fact]
    public void TextBinaryPingAndCloseRoundTrip()
    {
        AssertLines(Output("""
            let server = websocket_server("127.0.0.1:0", {})
            println(server.url.starts_with("ws://127.0.0.1:"))
            println(websocket_route(server, "/echo", {}))
            let client = websocket_connect(server.url + "/echo?room=1", {timeout_ms: 2000, headers: {["X-Trace"]: "t1"}})
            let conn = websocket_accept(server, 2000)
            println([conn.type, conn.path, conn.query, conn.headers["x-trace"]])
            websocket_send(client, "hello", {})
            println(websocket_receive(conn, 2000))
            websocket_send(conn, bytes_from_string("bin"), {})
            println(websocket_receive(client, 2000))
            websocket_send(client, "p", {type: "ping"})
            println(websocket_receive(conn, 2000).type)
            println(websocket_receive(client, 2000))
            println(websocket_receive(client, 50))
            websocket_send(client, "", {type: "close", code: 4000, reason: "bye"})
            println(websocket_receive(conn, 2000))
            println(websocket_receive(conn, 2000))
            println(websocket_close(conn))
            println(websocket_close(conn))
            println(websocket_server_close(server))
            println(websocket_server_close(server))
            """),
            "true",
            "true",
            "[open, /echo, room=1, t1]",
            "{data: hello, type: text}",
            "{data_base64: Ymlu, type: binary}",
            "ping",
            "{data_base64: cA==, type: pong}",
            "{type: timeout}",
            "{code: 4000, reason: bye, type: close}",
            "nil",
            "true",
            "false",
            "true",
            "false");
    }

    [Fact]
    public void UpgradesAreRefusedForUnknownPathsAndMissingTokens()
    {
        var output = Output("""
            let server = websocket_server(nil, nil)
            websocket_route(server, "/secure", {auth: {bearer: "s3cret"}})
            let missing = try { websocket_connect(server.url + "/missing", {timeout_ms: 2000}) }
            println(missing)
            let anonymous = try { websocket_connect(server.url + "/secure", {timeout_ms: 2000}) }
            println(anonymous)
            let wrong = try { websocket_connect(server.url + "/secure", {timeout_ms: 2000, auth: {bearer: "nope"}}) }
            println(is_err(wrong))
            let ok = websocket_connect(server.url + "/secure", {timeout_ms: 2000, auth: {bearer: "s3cret"}})
            println(websocket_accept(server, 2000).headers.authorization)
            println(websocket_accept(server, 50))
            websocket_server_close(server)
            println(try { websocket_accept(server.id, 50) })
            """);
        var lines = output.Split('\n');
        Assert.Matches(@"^Result\.Err\(Runtime error: websocket_connect: upgrade to ws://127\.0\.0\.1:\d+/missing was refused: HTTP/1\.1 404 Not Found\)$", lines[0]);
        Assert.Matches(@"^Result\.Err\(Runtime error: websocket_connect: upgrade to ws://127\.0\.0\.1:\d+/secure was refused: HTTP/1\.1 401 Unauthorized\)$", lines[1]);
        Assert.Equal(["true", "Bearer s3cret", "{type: timeout}"], lines[2..5]);
        Assert.StartsWith("Result.Err(Runtime error: websocket_accept: unknown or closed WebSocket server 'websocket-server-", lines[5]);
    }

    [Fact]
    public void RouteLimitsRejectLargeMessagesAndFullOutboundQueues()
    {
        AssertLines(Output("""
            let server = websocket_server("127.0.0.1:0", {})
            websocket_route(server, "/small", {max_message_bytes: 3, send_buffer_messages: 0})
            let client = websocket_connect(server.url + "/small", {timeout_ms: 2000})
            let conn = websocket_accept(server, 2000)
            let full = try { websocket_send(conn, "x", {}) }
            println(full)
            websocket_send(client, "abc", {})
            println(websocket_receive(conn, 2000).data)
            websocket_send(client, "toolong", {})
            let big = try { websocket_receive(conn, 2000) }
            println(big)
            let bad = try { websocket_send(client, "x", {type: "carrier-pigeon"}) }
            println(bad)
            websocket_server_close(server)
            """),
            "Result.Err(Runtime error: websocket_send: outbound buffer is full (0 queued messages))",
            "abc",
            "Result.Err(Runtime error: websocket_receive: message of 7 bytes exceeds max_message_bytes 3)",
            "Result.Err(Runtime error: websocket_send: unknown message type \"carrier-pigeon\". Expected \"text\", \"binary\", \"ping\", \"pong\" or \"close\")");
    }

    [Fact]
    public void IdleConnectionsAreClosedByTheServer()
    {
        AssertLines(Output("""
            let server = websocket_server("127.0.0.1:0", {})
            websocket_route(server, "/idle", {idle_timeout_ms: 100})
            let client = websocket_connect(server.url + "/idle", {timeout_ms: 2000})
            let conn = websocket_accept(server, 2000)
            println(websocket_receive(client, 3000))
            websocket_server_close(server)
            """),
            "{code: 1001, reason: idle timeout, type: close}");
    }

    [Fact]
    public void TheRunClosesWhatTheScriptLeftOpen()
    {
        var port = int.Parse(Output("""
            let server = websocket_server("127.0.0.1:0", {})
            websocket_route(server, "/x", {})
            let client = websocket_connect(server.url + "/x", {timeout_ms: 2000})
            print(server.addr.split(":")[1])
            """), System.Globalization.CultureInfo.InvariantCulture);
        using var probe = new System.Net.Sockets.TcpClient();
        Assert.Throws<System.Net.Sockets.SocketException>(() => probe.Connect("127.0.0.1", port));
    }

    [Fact]
    public void BadBindAddressesAreHarnErrors()
    {
        Assert.StartsWith("Runtime error: websocket_server: cannot bind 'nowhere': expected an IP address and port", Error("websocket_server(\"nowhere\")"));
        Assert.StartsWith("Runtime error: websocket_connect: invalid WebSocket URL 'ws://'", Error("websocket_connect(\"ws://\")"));
    }
}
