using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>
/// The process's standard streams as Harn sees them: <c>read_line</c>/<c>read_stdin</c>, the
/// <c>mock_stdin</c> replacement, the <c>capture_stderr_start/take</c> buffer that <c>eprint</c>
/// writes into while active, and the <c>is_stdin_tty</c>/<c>is_stdout_tty</c> checks with their <c>mock_tty</c> overrides.
/// </summary>
internal static class StandardStreams
{
    private sealed class State
    {
        /// <summary>Unread mocked input, or null when stdin is the real one.</summary>
        public string? MockedInput { get; set; }

        public StringBuilder? StderrCapture { get; set; }

        public Dictionary<string, bool> TtyOverrides { get; } = new(StringComparer.Ordinal);
    }

    private static readonly RunLocal<State> States = new(() => new State());

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("mock_stdin", (ctx, args) =>
        {
            States.Get(ctx).MockedInput = Args.String(args, 0, "mock_stdin");
            return Value.Nil;
        });
        registry.Register("unmock_stdin", (ctx, _) =>
        {
            States.Get(ctx).MockedInput = null;
            return Value.Nil;
        });
        registry.Register("read_line", (ctx, _) => ReadLine(States.Get(ctx)));
        registry.Register("read_stdin", (ctx, _) => ReadAll(States.Get(ctx)));
        registry.Register("capture_stderr_start", (ctx, _) =>
        {
            States.Get(ctx).StderrCapture = new StringBuilder();
            return Value.Nil;
        });
        registry.Register("capture_stderr_take", (ctx, _) =>
        {
            var state = States.Get(ctx);
            var captured = state.StderrCapture?.ToString() ?? string.Empty;
            state.StderrCapture = null;
            return Value.FromString(captured);
        });
        registry.Register("mock_tty", (ctx, args) =>
        {
            var stream = Args.String(args, 0, "mock_tty");
            if (stream is not ("stdin" or "stdout"))
            {
                throw RuntimeErrors.Runtime($"mock_tty: unknown stream '{stream}' (expected stdin or stdout)");
            }

            States.Get(ctx).TtyOverrides[stream] = Truthiness.IsTruthy(Args.At(args, 1));
            return Value.Nil;
        });
        registry.Register("unmock_tty", (ctx, _) =>
        {
            States.Get(ctx).TtyOverrides.Clear();
            return Value.Nil;
        });
        registry.Register("is_stdin_tty", (ctx, _) => Value.FromBool(IsTty(ctx, "stdin", () => !Console.IsInputRedirected)));
        registry.Register("is_stdout_tty", (ctx, _) => Value.FromBool(IsTty(ctx, "stdout", () => !Console.IsOutputRedirected)));
    }

    /// <summary>Appends <paramref name="text"/> to the stderr capture when one is active; false when stderr is not captured.</summary>
    public static bool TryCapture(BuiltinContext context, string text)
    {
        var capture = States.Get(context).StderrCapture;
        capture?.Append(text);
        return capture is not null;
    }

    /// <summary>The next line without its terminator, or nil at end of input.</summary>
    private static Value ReadLine(State state)
    {
        if (state.MockedInput is not { } input)
        {
            return HostValues.Str(Console.In.ReadLine());
        }

        if (input.Length == 0)
        {
            return Value.Nil;
        }

        var end = input.IndexOf('\n', StringComparison.Ordinal);
        var line = end < 0 ? input : input[..end];
        state.MockedInput = end < 0 ? string.Empty : input[(end + 1)..];
        return Value.FromString(line.EndsWith('\r') ? line[..^1] : line);
    }

    private static Value ReadAll(State state)
    {
        if (state.MockedInput is not { } input)
        {
            return Value.FromString(Console.In.ReadToEnd());
        }

        state.MockedInput = string.Empty;
        return Value.FromString(input);
    }

    private static bool IsTty(BuiltinContext context, string stream, Func<bool> actual) =>
        States.Get(context).TtyOverrides.TryGetValue(stream, out var mocked) ? mocked : actual();
}
