using Xunit;
using static Harn.Vm.Tests.HostLibrary.HostScripts;

namespace Harn.Vm.Tests.HostLibrary;

/// <summary>The inbound router: routes and path params, middleware order, body limits, readiness and shutdown.</summary>
public sealed class InboundHttpServerTests
{
    [Fact]
    public void RoutesBindPathParamsQueryAndHeaders()
    {
        AssertLines(Output("""
            let server = http_server()
            http_server_route(server, "GET", "/users/:id/posts/{post}", { req ->
              http_response_json({id: req.path_params.id, post: req.params.post, q: req.query.q, h: http_header(req, "X-Key"), m: req.method})
            })
            let r = http_server_request(server, {method: "get", path: "/users/7/posts/%C3%A9?q=a+b&flag", headers: {["X-KEY"]: "k"}})
            println(r.status)
            println(r.body)
            println(http_header(r, "Content-Type"))
            """),
            "200",
            "{\"h\":\"k\",\"id\":\"7\",\"m\":\"GET\",\"post\":\"é\",\"q\":\"a b\"}",
            "application/json");
    }

    [Fact]
    public void UnknownPathsAndMethodsAreRejected()
    {
        AssertLines(Output("""
            let server = http_server()
            http_server_route(server, "POST", "/a", { _ -> "ok" })
            println(http_server_test(server, {method: "GET", path: "/a"}).status)
            println(http_server_test(server, {method: "POST", path: "/b"}).status)
            println(http_server_test(server, {method: "POST", path: "/a"}).body)
            """),
            "405", "404", "ok");
    }

    [Fact]
    public void BeforeMiddlewareMayShortCircuit()
    {
        AssertLines(Output("""
            let server = http_server()
            http_server_before(server, { req -> if http_header(req, "origin") != nil { return http_response_text("no", {status: 403}) }
              req })
            http_server_after(server, { resp, _ -> resp + {headers: resp.headers + {["x-after"]: "1"}} })
            http_server_route(server, "GET", "/", { _ -> http_response(201, "made", {["X-A"]: "b"}) })
            let blocked = http_server_test(server, {path: "/", headers: {Origin: "x"}})
            println([blocked.status, blocked.body, http_header(blocked, "x-after")])
            let ok = http_server_test(server, {path: "/"})
            println([ok.status, ok.body, ok.headers])
            """),
            "[403, no, 1]",
            "[201, made, {x-a: b, x-after: 1}]");
    }

    [Fact]
    public void BodyLimitsApplyBeforeHandlers()
    {
        AssertLines(Output("""
            let server = http_server({max_body_bytes: 2})
            http_server_route(server, "POST", "/", { req -> http_response_text(to_string(req.body_bytes)) })
            let r = http_server_test(server, {method: "POST", path: "/", body: "é!"})
            println([r.status, http_header(r, "x-harn-body-limit")])
            """),
            "[413, 2]");
    }

    [Fact]
    public void UnknownServersAreErrors() =>
        Assert.Equal("Runtime error: http_server_request: unknown http server nope", Error("http_server_request(\"nope\", {})"));
}
