using System.Diagnostics;
using System.Text;
using Harn.Hosting;
using Harn.Runtime;
using Harn.Stdlib;

namespace Harn.Vm.Tests.Concurrency;

/// <summary>Runs a script on a VM the test can inspect afterwards (to prove nothing is left running).</summary>
internal sealed class ConcurrentRunner
{
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();

    public ConcurrentRunner(string source, Action<BuiltinRegistry>? configure = null)
    {
        var builtins = new BuiltinRegistry();
        StandardLibrary.Register(builtins);
        configure?.Invoke(builtins);
        Script = HarnScript.Compile(source);
        Builtins = builtins;
    }

    public HarnScript Script { get; }

    public BuiltinRegistry Builtins { get; }

    public Harn.Runtime.Vm? Vm { get; private set; }

    /// <summary>Host interrupt signals for the next run.</summary>
    public HarnInterruptSource Interrupts { get; } = new();

    public string Errors
    {
        get
        {
            lock (_output)
            {
                return _errors.ToString();
            }
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public Value Run(CancellationToken cancellation = default)
    {
        Vm = new Harn.Runtime.Vm(Script.Program, Builtins, Write, cancellation, 512, null);
        using var interrupts = Vm.Scheduler.Interrupts.Connect(Interrupts);
        return Vm.Run([]);
    }

    /// <summary>Runs until <paramref name="ready"/> appears in the output, cancels, and returns the error and the time from cancel to the end of the run.</summary>
    public (HarnRuntimeException Error, TimeSpan Latency) RunAndCancel(string ready = "ready")
    {
        using var cancellation = new CancellationTokenSource();
        var clock = new Stopwatch();
        using var canceller = Task.Run(async () =>
        {
            var wait = Stopwatch.StartNew();
            while (!Output.Contains(ready, StringComparison.Ordinal) && wait.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(1);
            }

            await Task.Delay(20);
            clock.Start();
            await cancellation.CancelAsync();
        });
        HarnRuntimeException? error = null;
        try
        {
            Run(cancellation.Token);
        }
        catch (HarnRuntimeException caught)
        {
            error = caught;
        }

        clock.Stop();
        canceller.Wait();
        return (error ?? throw new InvalidOperationException("the run was not cancelled"), clock.Elapsed);
    }

    /// <summary>Runs on this thread while <paramref name="host"/> acts on another once <paramref name="ready"/> appears; returns the run's error (null when it succeeded).</summary>
    public HarnRuntimeException? RunWhile(Func<CancellationTokenSource, Task> host, string ready = "ready")
    {
        using var cancellation = new CancellationTokenSource();
        using var actor = Task.Run(async () =>
        {
            var wait = Stopwatch.StartNew();
            while (!Output.Contains(ready, StringComparison.Ordinal) && wait.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(1);
            }

            await host(cancellation);
        });
        HarnRuntimeException? error = null;
        try
        {
            Run(cancellation.Token);
        }
        catch (HarnRuntimeException caught)
        {
            error = caught;
        }

        actor.Wait();
        return error;
    }

    private void Write(OutputChannel channel, string text)
    {
        lock (_output)
        {
            (channel == OutputChannel.Stdout ? _output : _errors).Append(text);
        }
    }
}
