using Harn.Runtime;

namespace Harn.Vm.Tests.StdModules;

/// <summary>
/// Minimal test doubles of the host-mock and LLM-mock builtins std/testing is written against:
/// host_mock, host_mock_clear, host_mock_calls, host_mock_push_scope, host_mock_pop_scope, host_call,
/// llm_mock, llm_mock_calls, llm_mock_clear, llm_mock_push_scope, llm_mock_pop_scope and llm_call.
/// Each scope holds its own mocks and call log.
/// </summary>
internal sealed class MockDoubles
{
    private readonly Stack<HostScope> _hostScopes = new([new HostScope()]);
    private readonly Stack<LlmScope> _llmScopes = new([new LlmScope()]);

    public void Register(BuiltinRegistry registry)
    {
        registry.Register("host_mock", (_, args) =>
        {
            _hostScopes.Peek().Mocks.Add((args[0].AsString, args[1].AsString, args[2].AsDict));
            return Value.Nil;
        });
        registry.Register("host_mock_clear", (_, _) =>
        {
            _hostScopes.Peek().Mocks.Clear();
            _hostScopes.Peek().Calls.Clear();
            return Value.Nil;
        });
        registry.Register("host_mock_calls", (_, _) => Value.FromList(HarnList.Create(_hostScopes.Peek().Calls)));
        registry.Register("host_mock_push_scope", (_, _) =>
        {
            _hostScopes.Push(new HostScope());
            return Value.Nil;
        });
        registry.Register("host_mock_pop_scope", (_, _) =>
        {
            if (_hostScopes.Count == 1)
            {
                throw HarnRuntimeException.Throw(Value.FromString("host_mock_pop_scope: no scope to pop"));
            }

            _hostScopes.Pop();
            return Value.Nil;
        });
        registry.Register("host_call", (_, args) => HostCall(args[0].AsString, args[1].AsDict));
        registry.Register("llm_mock", (_, args) =>
        {
            _llmScopes.Peek().Responses.Enqueue(args[0].AsDict);
            return Value.Nil;
        });
        registry.Register("llm_mock_calls", (_, _) => Value.FromList(HarnList.Create(_llmScopes.Peek().Calls)));
        registry.Register("llm_mock_clear", (_, _) =>
        {
            _llmScopes.Peek().Responses.Clear();
            _llmScopes.Peek().Calls.Clear();
            return Value.Nil;
        });
        registry.Register("llm_mock_push_scope", (_, _) =>
        {
            _llmScopes.Push(new LlmScope());
            return Value.Nil;
        });
        registry.Register("llm_mock_pop_scope", (_, _) =>
        {
            if (_llmScopes.Count == 1)
            {
                throw HarnRuntimeException.Throw(Value.FromString("llm_mock_pop_scope: no scope to pop"));
            }

            _llmScopes.Pop();
            return Value.Nil;
        });
        registry.Register("llm_call", (_, args) =>
        {
            var scope = _llmScopes.Peek();
            scope.Calls.Add(Value.FromDict(HarnDict.Empty.With("prompt", args[0])));
            var text = scope.Responses.TryDequeue(out var response) ? response.Get("text") : Value.FromString("mock");
            return Value.FromDict(HarnDict.Empty.With("text", text));
        });
    }

    private Value HostCall(string name, HarnDict parameters)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var capability = name[..dot];
        var operation = name[(dot + 1)..];
        var scope = _hostScopes.Peek();
        scope.Calls.Add(Value.FromDict(HarnDict.Empty
            .With("capability", Value.FromString(capability))
            .With("operation", Value.FromString(operation))
            .With("params", Value.FromDict(parameters))));
        for (var i = scope.Mocks.Count - 1; i >= 0; i--)
        {
            var (mockCapability, mockOperation, config) = scope.Mocks[i];
            if (mockCapability != capability || mockOperation != operation || !ParamsMatch(parameters, config.Get("params")))
            {
                continue;
            }

            if (!config.Get("error").IsNil)
            {
                throw HarnRuntimeException.Throw(config.Get("error"));
            }

            return config.Get("result");
        }

        throw HarnRuntimeException.Throw(Value.FromString($"no host mock for {name}"));
    }

    private static bool ParamsMatch(HarnDict actual, Value expected) =>
        expected.IsNil || expected.AsDict.All(entry => actual.TryGetValue(entry.Key, out var value) && ValueEquality.AreEqual(value, entry.Value));

    private sealed class HostScope
    {
        public List<(string Capability, string Operation, HarnDict Config)> Mocks { get; } = [];

        public List<Value> Calls { get; } = [];
    }

    private sealed class LlmScope
    {
        public Queue<HarnDict> Responses { get; } = new();

        public List<Value> Calls { get; } = [];
    }
}
