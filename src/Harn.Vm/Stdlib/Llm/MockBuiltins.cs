using Harn.Runtime;

namespace Harn.Stdlib.Llm;

/// <summary><c>llm_mock</c>, <c>llm_mock_calls</c>, <c>llm_mock_clear</c>, mock scopes and <c>agent_trace</c>.</summary>
internal static class MockBuiltins
{
    public static void Register(BuiltinRegistry registry, LlmLibrary library)
    {
        registry.Register("llm_mock", (ctx, args) =>
        {
            var config = Args.Dict(args, 0, "llm_mock");
            library.StateOf(ctx).Mock.Enqueue(MockEntry.Parse(config, "llm_mock"));
            return Value.Nil;
        });
        registry.Register("llm_mock_calls", (ctx, _) => Value.FromList(library.StateOf(ctx).Mock.Calls));
        registry.Register("llm_mock_clear", (ctx, _) =>
        {
            library.StateOf(ctx).Mock.Clear();
            return Value.Nil;
        });
        registry.Register("llm_mock_push_scope", (ctx, _) =>
        {
            library.StateOf(ctx).Mock.PushScope();
            return Value.Nil;
        });
        registry.Register("llm_mock_pop_scope", (ctx, _) =>
            library.StateOf(ctx).Mock.PopScope() ? Value.Nil : throw RuntimeErrors.Thrown("llm_mock_pop_scope: no scope to pop"));
        registry.Register("agent_trace", (ctx, _) => Value.FromList(HarnList.Create(library.StateOf(ctx).TraceEvents)));
    }
}
