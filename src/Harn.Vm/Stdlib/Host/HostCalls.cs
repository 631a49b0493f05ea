using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>
/// Typed host capabilities: <c>host_call("capability.operation", params)</c>, the manifest
/// (<c>host_capabilities</c>, <c>host_has</c>), and the test mocks (<c>host_mock</c>, <c>host_mock_calls</c>, scopes).
/// The local runtime implements <c>process</c> (exec and shell discovery); other capabilities exist only when mocked.
/// </summary>
internal static class HostCalls
{
    private sealed record HostMock(string Capability, string Operation, HarnDict? Params, Value Result, Value Error);

    private sealed class MockScope
    {
        public List<HostMock> Mocks { get; } = [];

        public List<Value> Calls { get; } = [];
    }

    private sealed class MockState
    {
        public Stack<MockScope> Scopes { get; } = new([new MockScope()]);

        public MockScope Current => Scopes.Peek();

        public long NextCommandId { get; set; }
    }

    private static readonly RunLocal<MockState> State = new(() => new MockState());

    private static readonly (string Capability, string Description, (string Operation, string Description)[] Operations)[] Manifest =
    [
        ("process", "Run host processes and discover shells", [
            ("exec", "Run a command in argv or shell mode and capture its output"),
            ("list_shells", "List the shells available on this host"),
            ("get_default_shell", "The shell used for shell-mode commands"),
            ("set_default_shell", "Select the default shell by id"),
            ("shell_invocation", "Resolve a shell and command to a program and arguments"),
        ]),
        ("template", "Render prompt templates", [("render", "Render a template file with bindings")]),
        ("interaction", "Ask the user a question", [("ask", "Ask a question and wait for the answer")]),
    ];

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("host_call", Call);
        registry.Register("host_capabilities", (ctx, _) => Capabilities(ctx));
        registry.Register("host_has", Has);
        registry.Register("host_mock", Mock);
        registry.Register("host_mock_clear", (ctx, _) => Clear(ctx));
        registry.Register("host_mock_calls", (ctx, _) => HostValues.List(State.Get(ctx).Current.Calls));
        registry.Register("host_mock_push_scope", (ctx, _) =>
        {
            State.Get(ctx).Scopes.Push(new MockScope());
            return Value.Nil;
        });
        registry.Register("host_mock_pop_scope", (ctx, _) =>
        {
            var scopes = State.Get(ctx).Scopes;
            if (scopes.Count <= 1)
            {
                throw RuntimeErrors.Thrown("host_mock_pop_scope: no scope to pop");
            }

            scopes.Pop();
            return Value.Nil;
        });
        registry.Register("host_tool_list", (_, _) => Value.FromList(HarnList.Empty));
    }

    private static Value Clear(BuiltinContext context)
    {
        var scope = State.Get(context).Current;
        scope.Mocks.Clear();
        scope.Calls.Clear();
        return Value.Nil;
    }

    private static Value Mock(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var capability = Args.String(args, 0, "host_mock");
        var operation = Args.String(args, 1, "host_mock");
        var config = Args.At(args, 2);
        var extraParams = Args.At(args, 3);
        HostMock mock;
        if (config.Kind == ValueKind.Dict && (config.AsDict.ContainsKey("result") || config.AsDict.ContainsKey("error") || config.AsDict.ContainsKey("params")))
        {
            var dict = config.AsDict;
            var parameters = dict.GetDict("params") ?? (extraParams.Kind == ValueKind.Dict ? extraParams.AsDict : null);
            mock = new HostMock(capability, operation, parameters, dict.Get("result", Value.Nil), dict.Get("error", Value.Nil));
        }
        else
        {
            mock = new HostMock(capability, operation, extraParams.Kind == ValueKind.Dict ? extraParams.AsDict : null, config, Value.Nil);
        }

        State.Get(context).Current.Mocks.Add(mock);
        return Value.Nil;
    }

    /// <summary>
    /// The mocked answer to <c>capability.operation</c>, when a test registered one (recorded as a
    /// call like <c>host_call</c> does); builtins that consult the host (HITL) ask this first.
    /// </summary>
    internal static bool TryMocked(BuiltinContext context, string capability, string operation, HarnDict parameters, out Value result)
    {
        var state = State.Get(context);
        for (var i = state.Current.Mocks.Count - 1; i >= 0; i--)
        {
            var mock = state.Current.Mocks[i];
            if (mock.Capability != capability || mock.Operation != operation || !Matches(mock.Params, parameters))
            {
                continue;
            }

            state.Current.Calls.Add(HostValues.Dict(
                ("capability", Value.FromString(capability)),
                ("operation", Value.FromString(operation)),
                ("params", Value.FromDict(parameters))));
            if (!mock.Error.IsNil)
            {
                throw HarnRuntimeException.Throw(mock.Error);
            }

            result = mock.Result;
            return true;
        }

        result = default;
        return false;
    }

    private static Value Call(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var name = Args.String(args, 0, "host_call");
        var parameters = Args.At(args, 1);
        var dot = name.IndexOf('.');
        if (dot <= 0)
        {
            throw RuntimeErrors.Runtime($"host_call: expected 'capability.operation', got '{name}'");
        }

        var capability = name[..dot];
        var operation = name[(dot + 1)..];
        var paramDict = parameters.Kind == ValueKind.Dict ? parameters.AsDict : HarnDict.Empty;
        var state = State.Get(context);
        for (var i = state.Current.Mocks.Count - 1; i >= 0; i--)
        {
            var mock = state.Current.Mocks[i];
            if (mock.Capability != capability || mock.Operation != operation || !Matches(mock.Params, paramDict))
            {
                continue;
            }

            state.Current.Calls.Add(HostValues.Dict(
                ("capability", Value.FromString(capability)),
                ("operation", Value.FromString(operation)),
                ("params", parameters)));
            if (!mock.Error.IsNil)
            {
                throw HarnRuntimeException.Throw(mock.Error);
            }

            return mock.Result;
        }

        return capability switch
        {
            "process" => ProcessCapability(context, state, operation, paramDict),
            _ => throw RuntimeErrors.Runtime($"host_call: unsupported host capability operation '{name}'"),
        };
    }

    /// <summary>A mock's declared params must each equal the call's.</summary>
    private static bool Matches(HarnDict? expected, HarnDict actual)
    {
        if (expected is null)
        {
            return true;
        }

        foreach (var (key, value) in expected)
        {
            if (!actual.TryGetValue(key, out var got) || !ValueEquality.AreEqual(got, value))
            {
                return false;
            }
        }

        return true;
    }

    private static Value Capabilities(BuiltinContext context)
    {
        var manifest = new SortedDictionary<string, (string Description, SortedDictionary<string, string> Operations)>(StringComparer.Ordinal);
        foreach (var (capability, description, operations) in Manifest)
        {
            manifest[capability] = (description, new SortedDictionary<string, string>(operations.ToDictionary(o => o.Operation, o => o.Description), StringComparer.Ordinal));
        }

        foreach (var scope in State.Get(context).Scopes)
        {
            foreach (var mock in scope.Mocks)
            {
                if (!manifest.TryGetValue(mock.Capability, out var entry))
                {
                    entry = ("Mocked host capability", new SortedDictionary<string, string>(StringComparer.Ordinal));
                    manifest[mock.Capability] = entry;
                }

                entry.Operations.TryAdd(mock.Operation, "Mocked host operation");
            }
        }

        var result = HarnDict.Empty;
        foreach (var (capability, (description, operations)) in manifest)
        {
            var ops = HarnDict.Empty;
            foreach (var (operation, text) in operations)
            {
                ops = ops.With(operation, HostValues.Dict(("description", Value.FromString(text))));
            }

            result = result.With(capability, HostValues.Dict(("description", Value.FromString(description)), ("operations", Value.FromDict(ops))));
        }

        return Value.FromDict(result);
    }

    private static Value Has(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var capability = Args.String(args, 0, "host_has");
        var operation = Args.At(args, 1);
        var manifest = Capabilities(context).AsDict;
        if (!manifest.TryGetValue(capability, out var entry))
        {
            return Value.False;
        }

        return Value.FromBool(operation.IsNil || entry.AsDict.GetDict("operations")!.ContainsKey(ValueFormatter.Display(operation)));
    }

    private static Value ProcessCapability(BuiltinContext context, MockState state, string operation, HarnDict parameters) => operation switch
    {
        "exec" => CommandPolicies.Active(context)
            ? CommandPolicies.Exec(context, parameters, () => ++state.NextCommandId, request => ProcessExec(context, state, request))
            : ProcessExec(context, state, parameters),
        "list_shells" => HostValues.Dict(
            ("shells", HostValues.List([Shells.Default])),
            ("default_shell_id", Shells.Default.AsDict.Get("id", Value.Nil))),
        "get_default_shell" or "set_default_shell" => Shells.Default,
        "shell_invocation" => ShellInvocation(parameters),
        _ => throw RuntimeErrors.Runtime($"host_call: unsupported host capability operation 'process.{operation}'"),
    };

    private static Value ShellInvocation(HarnDict parameters)
    {
        var command = parameters.GetString("command") ?? string.Empty;
        var (program, arguments) = ProcessRunner.ShellInvocation(command);
        return HostValues.Dict(
            ("program", Value.FromString(program)),
            ("args", HostValues.Strings(arguments)),
            ("command_arg_index", Value.FromInt(arguments.Length - 1)),
            ("shell", Shells.Default));
    }

    /// <summary><c>process.exec</c>: argv mode (<c>argv</c> list) or shell mode (<c>command</c>), with <c>cwd</c>, <c>env</c>, <c>stdin</c>, <c>timeout_ms</c>.</summary>
    private static Value ProcessExec(BuiltinContext context, MockState state, HarnDict parameters)
    {
        var mode = parameters.GetString("mode") ?? (parameters.ContainsKey("argv") ? "argv" : "shell");
        string program;
        IEnumerable<string> arguments;
        if (mode == "argv")
        {
            var argv = parameters.TryGetValue("argv", out var list) && list.Kind == ValueKind.List ? list.AsList.Select(ValueFormatter.Display).ToArray() : [];
            if (argv.Length == 0)
            {
                throw RuntimeErrors.Runtime("process.exec: argv mode requires a non-empty argv list");
            }

            program = argv[0];
            arguments = argv[1..];
        }
        else
        {
            var command = parameters.GetString("command") ?? throw RuntimeErrors.Runtime("process.exec: shell mode requires a command");
            (program, var shellArguments) = ProcessRunner.ShellInvocation(command);
            arguments = shellArguments;
        }

        var cwd = parameters.GetString("cwd") is { } directory ? RuntimePaths.Resolve(context, directory) : null;
        Dictionary<string, string?>? environment = null;
        if (parameters.GetDict("env") is { } env)
        {
            environment = [];
            foreach (var (name, value) in env)
            {
                environment[name] = value.IsNil ? null : ValueFormatter.Display(value);
            }
        }

        TimeSpan? timeout = parameters.GetInt("timeout_ms") is { } ms and > 0 ? TimeSpan.FromMilliseconds(ms) : null;
        var commandId = ++state.NextCommandId;
        var stdin = parameters.GetString("stdin");
        return AsyncBuiltin.Await(context, async cancellation =>
            Completed(commandId, await Processes.RunAsync("process.exec", program, arguments, cwd, environment, stdin, timeout, cancellation).ConfigureAwait(false)));
    }

    private static Value Completed(long commandId, ProcessOutcome outcome) =>
        HostValues.Dict(
            ("command_id", Value.FromString($"cmd-{commandId}")),
            ("status", Value.FromString(outcome.TimedOut ? "timed_out" : "completed")),
            ("exit_code", outcome.ExitCode is { } code ? Value.FromInt(code) : Value.Nil),
            ("success", Value.FromBool(outcome.ExitCode == 0)),
            ("stdout", Value.FromString(outcome.Stdout)),
            ("stderr", Value.FromString(outcome.Stderr)),
            ("combined", Value.FromString(outcome.Combined)),
            ("pid", Value.FromInt(outcome.Pid)),
            ("timed_out", Value.FromBool(outcome.TimedOut)),
            ("duration_ms", Value.FromInt(outcome.DurationMs)));

    /// <summary>The one shell this runtime offers: <c>/bin/sh</c>, or <c>cmd.exe</c> on Windows.</summary>
    private static class Shells
    {
        public static readonly Value Default = OperatingSystem.IsWindows()
            ? Describe("cmd", "cmd.exe", ["/d", "/s", "/c"])
            : Describe("sh", "/bin/sh", ["-c"]);

        private static Value Describe(string id, string path, string[] arguments) => HostValues.Dict(
            ("id", Value.FromString(id)),
            ("name", Value.FromString(id)),
            ("path", Value.FromString(path)),
            ("platform", Value.FromString(SystemInfo.Platform())),
            ("available", Value.True),
            ("args", HostValues.Strings(arguments)),
            ("source", Value.FromString("builtin")));
    }
}
