using System.Globalization;
using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>
/// The inbound HTTP router (<c>http_server</c>, routes, before/after middleware, readiness and
/// shutdown). It binds no socket: a host adapter or a test hands it request dicts through
/// <c>http_server_request</c>/<c>http_server_test</c> and gets response dicts back.
/// </summary>
internal static class InboundHttpServer
{
    private sealed record Route(string Method, string[] Segments, Value Handler, long? MaxBodyBytes, bool? RetainRawBody);

    private sealed class Server(string id, long? maxBodyBytes, bool retainRawBody, bool ready)
    {
        public string Id { get; } = id;

        public long? MaxBodyBytes { get; } = maxBodyBytes;

        public bool RetainRawBody { get; } = retainRawBody;

        public bool Ready { get; set; } = ready;

        public bool ShutDown { get; set; }

        public Value Readiness { get; set; }

        public List<Value> Before { get; } = [];

        public List<Value> After { get; } = [];

        public List<Value> OnShutdown { get; } = [];

        public List<Route> Routes { get; } = [];

        public Value ToValue() => HostValues.Dict(("id", Value.FromString(Id)), ("type", Value.FromString("http_server")));
    }

    private sealed class Servers
    {
        public Dictionary<string, Server> ById { get; } = new(StringComparer.Ordinal);

        public long Next { get; set; }
    }

    private static readonly RunLocal<Servers> State = new(() => new Servers());

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("http_server", Create);
        registry.Register("http_server_route", AddRoute);
        registry.Register("http_server_before", (ctx, args) => AddCallback(ctx, args, "http_server_before", s => s.Before));
        registry.Register("http_server_after", (ctx, args) => AddCallback(ctx, args, "http_server_after", s => s.After));
        registry.Register("http_server_on_shutdown", (ctx, args) => AddCallback(ctx, args, "http_server_on_shutdown", s => s.OnShutdown));
        registry.Register("http_server_readiness", (ctx, args) =>
        {
            var server = Find(ctx, args, "http_server_readiness");
            server.Readiness = Args.Callable(args, 1, "http_server_readiness");
            return server.ToValue();
        });
        registry.Register("http_server_set_ready", (ctx, args) =>
        {
            var server = Find(ctx, args, "http_server_set_ready");
            server.Ready = Truthiness.IsTruthy(Args.At(args, 1));
            return Value.FromBool(server.Ready);
        });
        registry.Register("http_server_ready", (ctx, args) => Value.FromBool(IsReady(ctx, Find(ctx, args, "http_server_ready"))));
        registry.Register("http_server_shutdown", Shutdown);
        registry.Register("http_server_request", (ctx, args) => Dispatch(ctx, Find(ctx, args, "http_server_request"), Args.Dict(args, 1, "http_server_request")));
        registry.Register("http_server_test", (ctx, args) => Dispatch(ctx, Find(ctx, args, "http_server_test"), Args.Dict(args, 1, "http_server_test")));
        HttpResponses.Register(registry);
    }

    private static Value Create(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var options = HostValues.Options(args, 0, "http_server");
        var servers = State.Get(context);
        var id = $"http_server_{++servers.Next}";
        var server = new Server(id, options.GetInt("max_body_bytes"), options.GetBool("retain_raw_body", false), options.GetBool("ready", true));
        servers.ById[id] = server;
        return server.ToValue();
    }

    /// <summary>The server an argument names: its dict (by <c>id</c>) or the id string.</summary>
    private static Server Find(BuiltinContext context, ReadOnlySpan<Value> args, string function)
    {
        var handle = Args.At(args, 0);
        var id = handle.Kind switch
        {
            ValueKind.String => handle.AsString,
            ValueKind.Dict => handle.AsDict.GetString("id"),
            _ => null,
        };
        return id is not null && State.Get(context).ById.TryGetValue(id, out var server)
            ? server
            : throw RuntimeErrors.Runtime($"{function}: unknown http server {ValueFormatter.Display(handle)}");
    }

    private static Value AddRoute(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var server = Find(context, args, "http_server_route");
        var method = Args.String(args, 1, "http_server_route").ToUpperInvariant();
        var template = Args.String(args, 2, "http_server_route");
        var handler = Args.Callable(args, 3, "http_server_route");
        var options = HostValues.Options(args, 4, "http_server_route");
        bool? retain = options.TryGetValue("retain_raw_body", out var r) && !r.IsNil ? Truthiness.IsTruthy(r) : null;
        server.Routes.Add(new Route(method, Segments(template), handler, options.GetInt("max_body_bytes"), retain));
        return server.ToValue();
    }

    private static Value AddCallback(BuiltinContext context, ReadOnlySpan<Value> args, string function, Func<Server, List<Value>> list)
    {
        var server = Find(context, args, function);
        list(server).Add(Args.Callable(args, 1, function));
        return server.ToValue();
    }

    private static bool IsReady(BuiltinContext context, Server server) =>
        !server.ShutDown && server.Ready && (server.Readiness.IsNil || Truthiness.IsTruthy(context.Invoke(server.Readiness, [server.ToValue()])));

    private static Value Shutdown(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var server = Find(context, args, "http_server_shutdown");
        if (server.ShutDown)
        {
            return Value.False;
        }

        server.ShutDown = true;
        foreach (var callback in server.OnShutdown)
        {
            context.Invoke(callback, [server.ToValue()]);
        }

        return Value.True;
    }

    private static Value Dispatch(BuiltinContext context, Server server, HarnDict incoming)
    {
        if (!IsReady(context, server))
        {
            return Final(HttpResponses.Response(503, Value.FromString("service unavailable"), HarnDict.Empty, HttpResponses.TextType));
        }

        var method = (incoming.GetString("method") ?? "GET").ToUpperInvariant();
        var target = incoming.GetString("path") ?? "/";
        var queryStart = target.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? target : target[..queryStart];
        var query = ParseQuery(queryStart < 0 ? string.Empty : target[(queryStart + 1)..]);
        if (incoming.GetDict("query") is { } explicitQuery)
        {
            for (var i = 0; i < explicitQuery.Count; i++)
            {
                query = query.With(explicitQuery.Keys[i], explicitQuery.Values[i]);
            }
        }

        var (route, parameters, pathMatched) = Match(server, method, path);
        if (route is null)
        {
            return pathMatched
                ? Final(HttpResponses.Response(405, Value.FromString("method not allowed"), HarnDict.Empty, HttpResponses.TextType))
                : Final(HttpResponses.Response(404, Value.FromString("not found"), HarnDict.Empty, HttpResponses.TextType));
        }

        var body = HostValues.Bytes(incoming.Get("body", Value.Nil));
        var limit = route.MaxBodyBytes ?? server.MaxBodyBytes;
        if (limit is { } max && body.Length > max)
        {
            var limitHeader = HarnDict.Empty.With("x-harn-body-limit", Value.FromString(max.ToString(CultureInfo.InvariantCulture)));
            return Final(HttpResponses.Response(413, Value.FromString("request body too large"), limitHeader, HttpResponses.TextType));
        }

        var clientIp = incoming.Get("client_ip", incoming.Get("remote_addr", Value.Nil));
        var request = HostValues.Dict(
            ("method", Value.FromString(method)),
            ("path", Value.FromString(path)),
            ("path_params", Value.FromDict(parameters)),
            ("params", Value.FromDict(parameters)),
            ("query", Value.FromDict(query)),
            ("headers", Value.FromDict(HttpResponses.Lowercase(incoming.GetDict("headers") ?? HarnDict.Empty))),
            ("body", Value.FromString(Encoding.UTF8.GetString(body))),
            ("raw_body", route.RetainRawBody ?? server.RetainRawBody ? Value.FromBytes(body) : Value.Nil),
            ("body_bytes", Value.FromInt(body.Length)),
            ("remote_addr", incoming.Get("remote_addr", clientIp)),
            ("client_ip", clientIp));

        Value? response = null;
        foreach (var before in server.Before)
        {
            var result = context.Invoke(before, [request]);
            if (IsResponse(result))
            {
                response = result;
                break;
            }

            if (result.Kind == ValueKind.Dict)
            {
                request = result;
            }
        }

        response ??= AsResponse(context.Invoke(route.Handler, [request]));
        foreach (var after in server.After)
        {
            var result = context.Invoke(after, [response.Value, request]);
            if (result.Kind == ValueKind.Dict)
            {
                response = result;
            }
        }

        return Final(response.Value);
    }

    /// <summary>A middleware result that carries a status and is not a request is a response that short-circuits.</summary>
    private static bool IsResponse(Value value) =>
        value.Kind == ValueKind.Dict && value.AsDict.ContainsKey("status") && !value.AsDict.ContainsKey("method");

    /// <summary>A handler may return a response dict, a string (text) or any other value (JSON).</summary>
    private static Value AsResponse(Value value) => value.Kind switch
    {
        ValueKind.Dict when value.AsDict.ContainsKey("status") => value,
        ValueKind.String => HttpResponses.Response(200, value, HarnDict.Empty, HttpResponses.TextType),
        ValueKind.Nil => HttpResponses.Response(204, Value.FromString(string.Empty), HarnDict.Empty, null),
        _ => HttpResponses.Response(200, Value.FromString(JsonConversion.Stringify(value, pretty: false)), HarnDict.Empty, HttpResponses.JsonType),
    };

    /// <summary>The response as returned to the caller: lowercase header names, a status and a body always present.</summary>
    private static Value Final(Value response)
    {
        var dict = response.AsDict;
        var headers = HttpResponses.Lowercase(dict.GetDict("headers") ?? HarnDict.Empty);
        return Value.FromDict(dict
            .With("status", dict.Get("status", Value.FromInt(200)))
            .With("headers", Value.FromDict(headers))
            .With("body", dict.Get("body", Value.FromString(string.Empty))));
    }

    private static (Route? Route, HarnDict Parameters, bool PathMatched) Match(Server server, string method, string path)
    {
        var segments = Segments(path);
        var pathMatched = false;
        foreach (var route in server.Routes)
        {
            if (!TryBind(route.Segments, segments, out var parameters))
            {
                continue;
            }

            if (route.Method is "*" or "ANY" || route.Method == method)
            {
                return (route, parameters, true);
            }

            pathMatched = true;
        }

        return (null, HarnDict.Empty, pathMatched);
    }

    /// <summary>Binds <c>{name}</c> and <c>:name</c> template segments; literal segments must match exactly.</summary>
    private static bool TryBind(string[] template, string[] path, out HarnDict parameters)
    {
        parameters = HarnDict.Empty;
        if (template.Length != path.Length)
        {
            return false;
        }

        for (var i = 0; i < template.Length; i++)
        {
            var part = template[i];
            var name = part.Length > 2 && part[0] == '{' && part[^1] == '}' ? part[1..^1] : part.Length > 1 && part[0] == ':' ? part[1..] : null;
            if (name is not null)
            {
                parameters = parameters.With(name, Value.FromString(Uri.UnescapeDataString(path[i])));
            }
            else if (!string.Equals(part, path[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static HarnDict ParseQuery(string query)
    {
        var result = HarnDict.Empty;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            result = result.With(key, Value.FromString(value));
        }

        return result;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
