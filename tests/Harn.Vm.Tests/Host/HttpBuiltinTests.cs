using Xunit;
using static Harn.Vm.Tests.HostLibrary.HostScripts;

namespace Harn.Vm.Tests.HostLibrary;

public sealed class HttpBuiltinTests
{
    [Fact]
    public void GetAndPostReachALocalServer()
    {
        using var server = new LocalHttpServer((200, "hello", 0));
        AssertLines(Output($$$"""
            let r = http_get({{{Quote(server.Url + "/a")}}}, {query: {q: "x y"}})
            println([r.status, r.body, r.ok, r.headers["x-test"]])
            let p = http_post({{{Quote(server.Url + "/b")}}}, {name: "Ada"})
            println(p.status)
            """),
            "[200, hello, true, local]",
            "200");
        Assert.Equal(("GET", "/a?q=x%20y", "", (string?)null), server.Requests[0]);
        Assert.Equal(("POST", "/b", "{\"name\":\"Ada\"}", "application/json"), server.Requests[1]);
    }

    [Fact]
    public void RetriesIdempotentRequestsOnServerErrors()
    {
        using var server = new LocalHttpServer((503, "busy", 0), (200, "ok", 0));
        AssertLines(Output($$$"""
            let r = http_get({{{Quote(server.Url)}}}, {retry: {max: 2, backoff_ms: 0}})
            println([r.status, r.body])
            """),
            "[200, ok]");
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public void TimeoutsAndRefusedConnectionsAreCatchableErrors()
    {
        using var server = new LocalHttpServer((200, "late", 3000));
        var timedOut = Vm.ScriptRunner.Fail($"http_get({Quote(server.Url)}, {{timeout_ms: 100}})");
        Assert.Equal($"Runtime error: http_get: request to {server.Url} timed out after 100ms", timedOut.Message);
        Assert.Equal("timeout", timedOut.Category);
        Assert.StartsWith("Runtime error: http_get: request to http://127.0.0.1:1 failed: ", Error("http_get(\"http://127.0.0.1:1\", {timeout: 2000})"));
        Assert.Equal("Runtime error: http_request: URL is required", Error("http_request(\"GET\", \"\")"));
    }

    [Fact]
    public void MocksServeSequencesAndRecordRedactedCalls()
    {
        AssertLines(Output("""
            http_mock("GET", "https://api.test/*", {responses: [{status: 429, headers: {["retry-after"]: "0"}}, {status: 200, body: "ok"}]})
            let r = http_get("https://api.test/x?token=abc", {headers: {Authorization: "Bearer t"}, retry: {max: 1, backoff_ms: 0}})
            println([r.status, r.body])
            let calls = http_mock_calls()
            println([len(calls), calls[0].url, calls[0].headers.authorization])
            println(http_mock_calls({include_sensitive: true})[0].headers.authorization)
            """),
            "[200, ok]",
            "[2, https://api.test/x?token=%5Bredacted%5D, [redacted]]",
            "Bearer t");
    }

    [Fact]
    public void EgressPolicyBlocksBeforeAnyMockOrNetwork()
    {
        AssertLines(Output("""
            egress_policy({allow: ["*.good.test", "10.0.0.0/8"], default: "deny"})
            http_mock("GET", "*", {status: 200, body: "mocked"})
            println(http_get("https://a.good.test/").body)
            let blocked = try { http_get("https://evil.test:8443/") }
            let e = unwrap_err(blocked)
            println([e.type, e.host, e.port, error_category(e)])
            """),
            "mocked",
            "[EgressBlocked, evil.test, 8443, egress_blocked]");
    }

    [Fact]
    public void StreamsAndDownloadsUseTheSameRequestPath()
    {
        var target = Path.Combine(TempDirectory(), "out.txt");
        AssertLines(Output($$$"""
            http_mock("GET", "https://d.test/f", {status: 200, body: "0123456789"})
            let s = http_stream_open("https://d.test/f")
            println([bytes_to_string(http_stream_read(s, 4)), http_stream_info(s).status])
            println(http_stream_close(s))
            println(http_download("https://d.test/f", {{{Quote(target)}}}).bytes_written)
            """),
            "[0123, 200]",
            "true",
            "10");
        Assert.Equal("0123456789", File.ReadAllText(target));
    }
}
