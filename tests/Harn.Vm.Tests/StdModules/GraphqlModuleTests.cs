using Harn.Runtime;
using Xunit;
using static Harn.Vm.Tests.StdModules.StdModuleSource;

namespace Harn.Vm.Tests.StdModules;

public class GraphqlModuleTests
{
    private const string Schema =
        "\"\"\"The root\"\"\"\ntype Query {\n  viewer(id: String!): User\n  issues(first: Int = 10, after: String): IssueConnection\n}\n" +
        "# comment\ntype Issue {\n  id: ID!\n  identifier: String!\n}\nenum State { OPEN CLOSED }\nscalar DateTime\nunion Node = Issue | Query\n";

    [Fact]
    public void Parses_sdl_and_introspection()
    {
        var output = Run(
            "import { graphql_parse_schema, graphql_schema_from_introspection } from \"std/graphql\"\n" +
            "let parsed = graphql_parse_schema(" + Quote(Schema) + ")\n" +
            "println(parsed.types.map({ t -> t.kind + \" \" + t.name }))\n" +
            "println(parsed.types[0].fields[1])\n" +
            "println([parsed.types[2].values, parsed.types[4].members, parsed.query_type, parsed.mutation_type])\n" +
            "let introspected = graphql_schema_from_introspection({data: {__schema: {queryType: {name: \"Query\"}, types: [{kind: \"OBJECT\", name: \"Issue\", fields: [{name: \"tags\", args: [], type: {kind: \"NON_NULL\", ofType: {kind: \"LIST\", ofType: {kind: \"SCALAR\", name: \"String\"}}}}]}]}}})\n" +
            "println([introspected.query_type, introspected.types[0].fields[0].type])\n");

        Assert.Equal(
            string.Join(
                "\n",
                "[object Query, object Issue, enum State, scalar DateTime, union Node]",
                "{args: [{default: 10, name: first, type: Int}, {name: after, type: String}], name: issues, type: IssueConnection}",
                "[[OPEN, CLOSED], [Issue, Query], Query, nil]",
                "[Query, [String]!]"),
            output);
    }

    [Fact]
    public void Executes_operations_and_reads_pages()
    {
        var requests = new List<string>();
        var output = Run(
            "import \"std/graphql\"\n" +
            "let operation = graphql_operation(\"viewer\", \"query Viewer($id: String!) { viewer(id: $id) { id name } }\", {root_field: \"viewer\", variables_schema: {type: \"dict\", required: [\"id\"], properties: {id: {type: \"string\"}}}})\n" +
            "println(contains(graphql_generate_client([operation]), \"pub fn viewer(client, variables = {}) {\"))\n" +
            "let envelope = graphql_execute_operation({endpoint: \"https://x.test/graphql\", auth: {access_token: \"t\"}}, operation, {id: \"u1\"})\n" +
            "println([envelope.ok, envelope.result.name, envelope.meta.rate_limit.requests_remaining, envelope.meta.rate_limit.complexity, envelope.meta.request_id, envelope.result.meta.status])\n" +
            "let bad = try { graphql_execute_operation({endpoint: \"https://x.test/graphql\"}, operation, {}) }\n" +
            "println(is_err(bad))\n" +
            "println(graphql_next_page_variables({first: 1}, {pageInfo: {hasNextPage: true, endCursor: \"c1\"}}))\n" +
            "println(graphql_next_page_variables({first: 1}, {pageInfo: {hasNextPage: false}}))\n" +
            "println(graphql_page_info({edges: [{node: {id: 1}}]}).nodes)\n" +
            "println(len(graphql_persisted_query(\"{ a }\").sha256_hash))\n" +
            "println(graphql_normalize_response({status: 200, body: \"{\\\"data\\\":{\\\"ok\\\":true},\\\"errors\\\":[{\\\"message\\\":\\\"partial\\\"}]}\"}).partial)\n",
            r =>
            {
                FileSystemDoubles.Register(r, Path.GetTempPath());
                r.Register("http_post", (_, args) =>
                {
                    requests.Add(args[0].AsString + " " + args[1].AsString + " " + args[2].AsDict.Get("headers").AsDict.Get("authorization").AsString);
                    var headers = HarnDict.Empty
                        .With("X-Complexity", Value.FromString("7"))
                        .With("X-RateLimit-Requests-Remaining", Value.FromString("49"))
                        .With("X-Request-Id", Value.FromString("req-1"));
                    return Value.FromDict(HarnDict.Empty
                        .With("status", Value.FromInt(200))
                        .With("headers", Value.FromDict(headers))
                        .With("body", Value.FromString("{\"data\":{\"viewer\":{\"id\":\"u1\",\"name\":\"Ada\"}}}")));
                });
            });

        Assert.Equal(
            string.Join("\n", "true", "[true, Ada, 49, 7, req-1, 200]", "true", "{after: c1, first: 1}", "nil", "[{id: 1}]", "64", "true"),
            output);
        Assert.Equal(
            "https://x.test/graphql {\"operationName\":\"Viewer\",\"query\":\"query Viewer($id: String!) { viewer(id: $id) { id name } }\",\"variables\":{\"id\":\"u1\"}} Bearer t",
            Assert.Single(requests));
    }

    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
