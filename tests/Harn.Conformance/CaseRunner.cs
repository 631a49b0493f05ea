using System.Diagnostics;
using System.Text;
using Harn.Hosting;
using Harn.Runtime;

namespace Harn.Conformance;

/// <summary>
/// Runs one case in-process on its own thread with a time limit. A case that overruns is
/// cancelled; one that ignores cancellation is abandoned (its thread is a background thread,
/// so it cannot keep the process alive). Every exception becomes a verdict.
/// </summary>
internal sealed class CaseRunner
{
    private const int ThreadStackBytes = 16 * 1024 * 1024;

    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(2);

    private readonly TimeSpan _timeout;

    public CaseRunner(TimeSpan timeout)
    {
        _timeout = timeout;
    }

    public CaseResult Run(ConformanceCase testCase, string? tier)
    {
        if (testCase.Kind == CaseKind.Helper)
        {
            return new CaseResult(testCase, tier, CaseStatus.Skip, "helper (no .expected or .error)", 0);
        }

        var watch = Stopwatch.StartNew();
        var outcome = new Outcome();
        var cancellation = new CancellationTokenSource();
        var thread = new Thread(() => Execute(testCase.FullPath, outcome, cancellation.Token), ThreadStackBytes)
        {
            IsBackground = true,
            Name = "conformance " + testCase.RelativePath,
        };
        thread.Start();

        if (!thread.Join(_timeout))
        {
            cancellation.Cancel();
            var stopped = thread.Join(CancelGrace);
            var reason = $"timed out after {_timeout.TotalSeconds:0} s" + (stopped ? "" : " (ignored cancellation; abandoned)");
            return new CaseResult(testCase, tier, CaseStatus.Fail, reason, watch.ElapsedMilliseconds);
        }

        cancellation.Dispose();
        var failure = Judge(testCase, outcome);
        return new CaseResult(
            testCase,
            tier,
            failure is null ? CaseStatus.Pass : CaseStatus.Fail,
            failure ?? string.Empty,
            watch.ElapsedMilliseconds);
    }

    private static void Execute(string path, Outcome outcome, CancellationToken cancellation)
    {
        try
        {
            var script = HarnScript.Compile(File.ReadAllText(path), path);
            var options = new HarnRunOptions
            {
                Output = (channel, text) =>
                {
                    if (channel == OutputChannel.Stdout)
                    {
                        lock (outcome.Stdout)
                        {
                            outcome.Stdout.Append(text);
                        }
                    }
                },
                CancellationToken = cancellation,
                ConfigureBuiltins = InstallLlmMockSidecar(path),
            };
            HarnExecution.Run(script, options);
        }
        catch (HarnCompileException error)
        {
            outcome.HarnError = error.Diagnostics.Count > 0
                ? string.Join('\n', error.Diagnostics.Select(diagnostic => diagnostic.Message))
                : error.Message;
        }
        catch (HarnRuntimeException error)
        {
            outcome.HarnError = error.EnrichedMessage ?? error.Message;
        }
        catch (Exception error)
        {
            outcome.EngineFailure = $"{error.GetType().Name}: {error.Message}";
        }
    }

    /// <summary>Upstream's runner replays <c>&lt;test&gt;.llm-mock.jsonl</c> through the mock provider; each run gets its own fresh LLM state.</summary>
    private static Action<BuiltinRegistry>? InstallLlmMockSidecar(string path)
    {
        var sidecar = Path.ChangeExtension(path, ".llm-mock.jsonl");
        return File.Exists(sidecar) ? registry => Harn.Stdlib.Llm.LlmMockReplay.Install(registry, sidecar) : null;
    }

    /// <summary>Null for a pass, else the one-line reason.</summary>
    private static string? Judge(ConformanceCase testCase, Outcome outcome)
    {
        if (outcome.EngineFailure is not null)
        {
            return "engine failure: " + FirstLine(outcome.EngineFailure);
        }

        if (testCase.Kind == CaseKind.Output)
        {
            if (outcome.HarnError is not null)
            {
                return "unexpected error: " + FirstLine(outcome.HarnError);
            }

            string stdout;
            lock (outcome.Stdout)
            {
                stdout = outcome.Stdout.ToString();
            }

            return OutputComparison.Describe(testCase.Expectation, stdout);
        }

        var expectation = new ErrorExpectation(testCase.Expectation);
        if (outcome.HarnError is null)
        {
            return $"expected an error matching {OutputComparison.Quote(expectation.ToString())}, but the program succeeded";
        }

        return expectation.Matches(outcome.HarnError)
            ? null
            : $"error {OutputComparison.Quote(outcome.HarnError)} matches none of {OutputComparison.Quote(expectation.ToString())}";
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOf('\n');
        return OutputComparison.Quote(end < 0 ? text : text[..end]);
    }

    /// <summary>What the case's thread found; read only after the thread has been joined.</summary>
    private sealed class Outcome
    {
        public StringBuilder Stdout { get; } = new();

        public string? HarnError { get; set; }

        public string? EngineFailure { get; set; }
    }
}
