using System.Collections.ObjectModel;
using System.ComponentModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Harn.PowerShell.Hooks;
using Harn.PowerShell.Hosting;
using Harn.PowerShell.Runs;

namespace Harn.PowerShell.Jobs;

/// <summary>
/// A background Harn run as a PowerShell job (the ThreadJob model): the VM runs on its own
/// thread and a job thread relays it into the job's Output, Information and Error streams.
/// Hooks run on the job thread in a runspace of their own (like a thread job, they do not see
/// the session's variables). Stop-Job and Stop-HarnRun cancel the VM.
/// </summary>
public sealed class HarnJob : Job2, IRunSink
{
    public const string JobTypeName = "HarnJob";

    private readonly ChunkInput _input;
    private readonly ArgumentBinding _arguments;
    private readonly IReadOnlyList<HarnHook> _hooks;
    private readonly ManualResetEventSlim _finished = new();
    private Runspace? _hookRunspace;
    private volatile bool _stopping;

    internal HarnJob(string command, string? name, HarnRun run, ChunkInput input, ArgumentBinding arguments, IReadOnlyList<HarnHook> hooks)
        : base(command, name)
    {
        Run = run;
        _input = input;
        _arguments = arguments;
        _hooks = hooks;
        PSJobTypeName = JobTypeName;
        run.Job = this;
    }

    /// <summary>The run this job carries (also listed by Get-HarnRun).</summary>
    public HarnRun Run { get; }

    public override bool HasMoreData => Output.Count > 0 || Error.Count > 0 || Information.Count > 0 || Warning.Count > 0 || Verbose.Count > 0;

    public override string Location => Run.Location;

    public override string StatusMessage => Run.State.ToString();

    bool IRunSink.IsStopping => _stopping;

    public override void StartJob()
    {
        SetJobState(JobState.Running);
        var thread = new Thread(Pump) { IsBackground = true, Name = "Harn job " + Id };
        thread.Start();
    }

    public override void StartJobAsync()
    {
        StartJob();
        OnStartJobCompleted(new AsyncCompletedEventArgs(null, false, null));
    }

    /// <summary>Cancels the run and waits (up to the grace period) until it has ended.</summary>
    public override void StopJob()
    {
        if (JobStateInfo.State != JobState.Running)
        {
            return;
        }

        _stopping = true;
        Run.Stop();
        _finished.Wait(RunPump.StopGracePeriod + TimeSpan.FromSeconds(1));
    }

    public override void StopJob(bool force, string reason) => StopJob();

    public override void StopJobAsync()
    {
        StopJob();
        OnStopJobCompleted(new AsyncCompletedEventArgs(null, false, null));
    }

    public override void StopJobAsync(bool force, string reason) => StopJobAsync();

    public override void SuspendJob() => throw new NotSupportedException("Harn jobs cannot be suspended.");

    public override void SuspendJob(bool force, string reason) => SuspendJob();

    public override void SuspendJobAsync() => SuspendJob();

    public override void SuspendJobAsync(bool force, string reason) => SuspendJob();

    public override void ResumeJob() => throw new NotSupportedException("Harn jobs cannot be suspended or resumed.");

    public override void ResumeJobAsync() => ResumeJob();

    public override void UnblockJob() => throw new NotSupportedException("Harn jobs never block.");

    public override void UnblockJobAsync() => UnblockJob();

    void IRunSink.WriteObject(object? item) => Output.Add(item is null ? null : PSObject.AsPSObject(item));

    void IRunSink.WriteInformation(InformationRecord record) => Information.Add(record);

    void IRunSink.WriteError(ErrorRecord record) => Error.Add(record);

    /// <summary>Runs the hook in the job's own runspace (made on first use); the payload is <c>$_</c>.</summary>
    Collection<PSObject> IRunSink.InvokeHook(HarnHook hook, object? payload)
    {
        if (_hookRunspace is null)
        {
            _hookRunspace = RunspaceFactory.CreateRunspace();
            _hookRunspace.Open();
        }

        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = _hookRunspace;
        shell.AddCommand("ForEach-Object")
            .AddParameter("Process", ScriptBlock.Create(hook.ScriptBlock.ToString()))
            .AddParameter("InputObject", payload);
        return shell.Invoke();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            StopJob();
            _finished.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Pump()
    {
        var state = JobState.Failed;
        try
        {
            var run = ChunkRun.Start(_input.Compile, _arguments, _hooks, Run.Token);
            state = new RunPump(run, Run, this, "Start-HarnRun", _input).Pump() switch
            {
                RunOutcome.Completed => JobState.Completed,
                RunOutcome.Stopped => JobState.Stopped,
                _ => Run.State == HarnRunState.Stopped ? JobState.Stopped : JobState.Failed,
            };
        }
        catch (Exception error)
        {
            // Nothing may escape a job thread: it would end the PowerShell process.
            Error.Add(HarnErrorRecords.Internal(error, _input.Target));
            Run.Finish(HarnRunState.Failed);
        }
        finally
        {
            _hookRunspace?.Dispose();
            _hookRunspace = null;
            SetJobState(state);
            _finished.Set();
        }
    }
}
