using Xunit;
using static Harn.Vm.Tests.StdModules.StdModuleSource;

namespace Harn.Vm.Tests.StdModules;

public class TestingModuleTests
{
    private static string RunWithMocks(string source) => Run(source, registry => new MockDoubles().Register(registry));

    [Fact]
    public void Host_mock_helpers_record_and_assert_calls()
    {
        var output = RunWithMocks(
            "import \"std/testing\"\n" +
            "clear_host_mocks()\n" +
            "mock_host_result(\"ws\", \"read\", {text: \"hi\"}, {path: \"a\"})\n" +
            "mock_host_error(\"ws\", \"write\", \"denied\", nil)\n" +
            "println(host_call(\"ws.read\", {path: \"a\", extra: 1}))\n" +
            "println(try { host_call(\"ws.write\", {}) })\n" +
            "println([host_call_count(), host_call_count_for(\"ws\", \"read\"), host_was_called(\"ws\", \"read\", {path: \"b\"})])\n" +
            "assert_host_called(\"ws\", \"read\", {path: \"a\"}, nil)\n" +
            "println(try { assert_host_called(\"ws\", \"delete\", nil, nil) })\n" +
            "println(try { assert_host_call_count(2, \"ws\", \"read\", nil) })\n" +
            "println(try { assert_no_host_calls() })\n");

        Assert.Equal(
            string.Join(
                "\n",
                "{text: hi}",
                "Result.Err(denied)",
                "[2, 1, false]",
                "Result.Err(Expected host call ws.delete but it was not called)",
                "Result.Err(Expected 2 host calls to ws.read, got 1)",
                "Result.Err(Expected no host calls, got 2)"),
            output);
    }

    [Fact]
    public void Scoped_mocks_restore_the_outer_scope_even_when_the_body_throws()
    {
        var output = RunWithMocks(
            "import \"std/testing\"\n" +
            "fn inner() {\n  return [host_call(\"in.op\", {}), host_call_count()]\n}\n" +
            "fn failing() {\n  host_call(\"in.op\", {})\n  throw \"boom\"\n}\n" +
            "fn both() {\n  return [host_call(\"h.op\", {}), llm_call(\"q\", nil, nil).text, llm_call_count()]\n}\n" +
            "mock_host_result(\"out\", \"op\", \"outer\", nil)\n" +
            "host_call(\"out.op\", {})\n" +
            "println(with_host_mocks([{capability: \"in\", operation: \"op\", result: \"inner\"}], inner))\n" +
            "println([host_call_count(), host_call(\"out.op\", {})])\n" +
            "println(try { with_host_mocks([{capability: \"in\", operation: \"op\", result: 1}], failing) })\n" +
            "println(try { with_host_mocks([{operation: \"broken\"}], inner) })\n" +
            "println(host_call(\"out.op\", {}))\n" +
            "println(with_mocks({host_mocks: [{capability: \"h\", operation: \"op\", error: nil, result: \"hv\"}], llm_mocks: [{text: \"lv\"}]}, both))\n" +
            "println([llm_call_count(), try { host_mock_pop_scope() }])\n");

        Assert.Equal(
            string.Join(
                "\n",
                "[inner, 1]",
                "[1, outer]",
                "Result.Err(boom)",
                "Result.Err(with_host_mocks: each mock needs a string capability and operation, got {operation: broken})",
                "outer",
                "[hv, lv, 1]",
                "[0, Result.Err(host_mock_pop_scope: no scope to pop)]"),
            output);
    }
}
