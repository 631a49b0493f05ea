using System.Collections.Concurrent;
using Harn.Hosting;
using Harn.Runtime;
using Harn.Sandbox;

namespace Harn.Vm.Tests.Fuzz;

/// <summary>What one fuzz input did. Anything else (an exception of another type) is a crash.</summary>
public enum FuzzOutcome
{
    CompileError,
    Ran,
    RuntimeError,
    LimitHit,
}

/// <summary>
/// Drives one source text through the whole pipeline: lexer, parser, checker and compiler
/// (<see cref="HarnScript.Compile"/>), then the VM under tight limits and a sandbox that denies
/// every capability, so a generated program can neither run long nor touch the machine.
/// Compile errors, Harn runtime errors and limit hits are the expected ways to fail.
/// </summary>
internal static class FuzzHarness
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(2);

    private static readonly SandboxPolicy Sandbox = new(
        deniedBuiltins: ["read_line", "read_stdin", "sleep"],
        deniedCapabilities: Capability.FileRead | Capability.FileWrite | Capability.Process | Capability.Network | Capability.Environment);

    public static FuzzOutcome Exercise(string source)
    {
        HarnScript script;
        try
        {
            script = HarnScript.Compile(source);
        }
        catch (HarnCompileException)
        {
            return FuzzOutcome.CompileError;
        }

        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            HarnExecution.Run(script, new HarnRunOptions
            {
                Output = (_, _) => { },
                CancellationToken = timeout.Token,
                MaxInstructions = 200_000,

                // A generated loop can grow a value exponentially within the instruction budget.
                MaxMemoryBytes = 256L << 20,
                MaxCallDepth = 64,
                Sandbox = Sandbox,
            });
            return FuzzOutcome.Ran;
        }
        catch (HarnRuntimeException)
        {
            return FuzzOutcome.RuntimeError;
        }
        catch (ResourceLimitException)
        {
            return FuzzOutcome.LimitHit;
        }
    }

    /// <summary>Where a crash comes from: its exception type and the innermost engine method on its stack.</summary>
    public static string Signature(Exception error)
    {
        var frame = new System.Diagnostics.StackTrace(error, fNeedFileInfo: false).GetFrames()
            .Select(f => f.GetMethod())
            .FirstOrDefault(m => m?.DeclaringType?.Namespace?.StartsWith("Harn.", StringComparison.Ordinal) == true
                                 && m.DeclaringType.Namespace?.StartsWith("Harn.Vm.Tests", StringComparison.Ordinal) != true);
        return $"{error.GetType().Name} at {frame?.DeclaringType?.Name}.{frame?.Name}";
    }
}

/// <summary>Counts executions and collects crashes (one example per unique signature) over a campaign.</summary>
internal sealed class FuzzCampaign
{
    private readonly ConcurrentDictionary<string, string> _crashes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<FuzzOutcome, int> _outcomes = new();
    private long _executions;

    public long Executions => Interlocked.Read(ref _executions);

    public IReadOnlyDictionary<string, string> Crashes => _crashes;

    /// <summary>Runs one input; true when it did not crash.</summary>
    public bool Try(string source)
    {
        Interlocked.Increment(ref _executions);
        try
        {
            _outcomes.AddOrUpdate(FuzzHarness.Exercise(source), 1, (_, n) => n + 1);
            return true;
        }
        catch (Exception error)
        {
            _crashes.TryAdd(FuzzHarness.Signature(error), source);
            return false;
        }
    }

    public string Summary(string name) =>
        $"{name}: {Executions} executions ({string.Join(", ", _outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))}), {_crashes.Count} unique crash signatures"
        + string.Concat(_crashes.Select(c => $"\n  {c.Key}: {Excerpt(c.Value)}"));

    private static string Excerpt(string source) =>
        source.Length <= 200 ? source.ReplaceLineEndings("\\n") : source[..200].ReplaceLineEndings("\\n") + "...";
}
