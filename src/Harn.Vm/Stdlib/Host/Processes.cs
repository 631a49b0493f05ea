using System.ComponentModel;
using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary><c>exec</c>, <c>exec_at</c>, <c>shell</c>, <c>shell_at</c>: run a child process and return its captured output.</summary>
internal static class Processes
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("exec", (ctx, args) => Exec(ctx, args, "exec", null));
        registry.Register("exec_at", (ctx, args) => Exec(ctx, args[Math.Min(1, args.Length)..], "exec_at", Directory(ctx, args, "exec_at")));
        registry.Register("shell", (ctx, args) => Shell(ctx, args, "shell", null));
        registry.Register("shell_at", (ctx, args) => Shell(ctx, args[Math.Min(1, args.Length)..], "shell_at", Directory(ctx, args, "shell_at")));
    }

    private static string Directory(BuiltinContext context, ReadOnlySpan<Value> args, string function) =>
        RuntimePaths.Resolve(context, Args.String(args, 0, function));

    private static Value Exec(BuiltinContext context, ReadOnlySpan<Value> args, string function, string? directory)
    {
        if (args.Length == 0 || args[0].IsNil)
        {
            throw RuntimeErrors.Runtime($"{function}: command is required");
        }

        var program = Args.String(args, 0, function);
        var arguments = new List<string>();
        foreach (var argument in args[1..])
        {
            if (argument.Kind == ValueKind.List)
            {
                arguments.AddRange(argument.AsList.Select(ValueFormatter.Display));
            }
            else
            {
                arguments.Add(ValueFormatter.Display(argument));
            }
        }

        return AsyncBuiltin.Await(context, async cancellation => Result(await RunAsync(function, program, arguments, directory, null, null, null, cancellation).ConfigureAwait(false)));
    }

    private static Value Shell(BuiltinContext context, ReadOnlySpan<Value> args, string function, string? directory)
    {
        if (args.Length == 0 || args[0].IsNil)
        {
            throw RuntimeErrors.Runtime($"{function}: command is required");
        }

        var (program, arguments) = ProcessRunner.ShellInvocation(Args.String(args, 0, function));
        return AsyncBuiltin.Await(context, async cancellation => Result(await RunAsync(function, program, arguments, directory, null, null, null, cancellation).ConfigureAwait(false)));
    }

    /// <summary>Runs a process, turning spawn failures into Harn errors with the OS reason.</summary>
    public static async Task<ProcessOutcome> RunAsync(
        string function,
        string program,
        IEnumerable<string> arguments,
        string? directory,
        IReadOnlyDictionary<string, string?>? environment,
        string? stdin,
        TimeSpan? timeout,
        CancellationToken cancellation)
    {
        try
        {
            return await ProcessRunner.RunAsync(program, arguments, directory, environment, stdin, timeout, cancellation).ConfigureAwait(false);
        }
        catch (Exception error) when (error is Win32Exception or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            throw HostErrors.Io($"{function}: failed to run '{program}'", error);
        }
    }

    /// <summary>The dict <c>exec</c>/<c>shell</c> return: <c>{stdout, stderr, status, success}</c>.</summary>
    private static Value Result(ProcessOutcome outcome) => HostValues.Dict(
        ("stdout", Value.FromString(outcome.Stdout)),
        ("stderr", Value.FromString(outcome.Stderr)),
        ("status", outcome.ExitCode is { } code ? Value.FromInt(code) : Value.FromInt(-1)),
        ("success", Value.FromBool(outcome.ExitCode == 0)));
}
