using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>
/// Fixture-backed Postgres handles for tests: <c>pg_mock_pool(fixtures)</c> answers <c>pg_query</c>,
/// <c>pg_query_one</c> and <c>pg_execute</c> from fixtures matched on SQL (and params when given) and
/// records every call for <c>pg_mock_calls</c>. Real connections are not available in this runtime.
/// </summary>
internal static class PostgresMock
{
    private sealed class Pool(HarnList fixtures)
    {
        public HarnList Fixtures { get; } = fixtures;

        public List<Value> Calls { get; } = [];
    }

    private static readonly RunLocal<Dictionary<string, Pool>> Pools = new(() => new Dictionary<string, Pool>(StringComparer.Ordinal));

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("pg_mock_pool", (ctx, args) =>
        {
            var pools = Pools.Get(ctx);
            var id = Http.StateOf(ctx).NextHandle("pg-mock");
            pools[id] = new Pool(Args.List(args, 0, "pg_mock_pool"));
            return HostValues.Dict(("id", Value.FromString(id)), ("kind", Value.FromString("mock")));
        });
        registry.Register("pg_query", (ctx, args) => Value.FromList(Rows(Run(ctx, args, "pg_query"))));
        registry.Register("pg_query_one", (ctx, args) => Rows(Run(ctx, args, "pg_query_one")) is { Count: > 0 } rows ? rows[0] : Value.Nil);
        registry.Register("pg_execute", (ctx, args) =>
            HostValues.Dict(("rows_affected", Value.FromInt(Run(ctx, args, "pg_execute").GetInt("rows_affected") ?? 0))));
        registry.Register("pg_mock_calls", (ctx, args) => HostValues.List(PoolOf(ctx, args, "pg_mock_calls").Calls));
        registry.Register("pg_close", (ctx, args) =>
            Value.FromBool(Args.At(args, 0) is { Kind: ValueKind.Dict } handle && handle.AsDict.GetString("id") is { } id && Pools.Get(ctx).Remove(id)));
    }

    private static Pool PoolOf(BuiltinContext context, ReadOnlySpan<Value> args, string function)
    {
        var handle = Args.Dict(args, 0, function);
        return handle.GetString("id") is { } id && Pools.Get(context).TryGetValue(id, out var pool)
            ? pool
            : throw RuntimeErrors.Runtime($"{function}: not a mock Postgres handle (real connections are not available)");
    }

    private static HarnList Rows(HarnDict fixture) =>
        fixture.TryGetValue("rows", out var rows) && rows.Kind == ValueKind.List ? rows.AsList : HarnList.Empty;

    private static HarnDict Run(BuiltinContext context, ReadOnlySpan<Value> args, string function)
    {
        var pool = PoolOf(context, args, function);
        var sql = Args.String(args, 1, function);
        var parameters = Args.At(args, 2).IsNil ? HarnList.Empty : Args.List(args, 2, function);
        pool.Calls.Add(HostValues.Dict(("sql", Value.FromString(sql)), ("params", Value.FromList(parameters)), ("operation", Value.FromString(function))));
        foreach (var item in pool.Fixtures)
        {
            if (item.Kind != ValueKind.Dict || item.AsDict.GetString("sql") != sql)
            {
                continue;
            }

            var fixture = item.AsDict;
            if (fixture.TryGetValue("params", out var expected) && !expected.IsNil && !ValueEquality.AreEqual(expected, Value.FromList(parameters)))
            {
                continue;
            }

            if (fixture.GetString("error") is { } error)
            {
                throw RuntimeErrors.Runtime($"{function}: {error}");
            }

            return fixture;
        }

        throw RuntimeErrors.Runtime($"{function}: no mock fixture matches SQL: {sql}");
    }
}
