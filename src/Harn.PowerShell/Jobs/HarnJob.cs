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
/// Hooks run on the job thread in a runspace of the job's own, seeded with a
/// <see cref="HookSessionSnapshot"/> of the session taken when the run started, so they never
/// wait for the session (which may be busy, for example in Wait-Job). Stop-Job and Stop-HarnRun
/// interrupt, then cancel, the VM.
/// </summary>
public sealed class HarnJob : Job2, IRunSink
{
    public const string JobTypeName = "HarnJob";

    private readonly ChunkInput _input;
    private readonly ArgumentBinding _arguments;
    private readonly IReadOnlyList<HarnHook> _hooks;
    private readonly RunLimits _limits;
    private readonly HookSessionSnapshot _session;
    private readonly Dictionary<HarnHook, ScriptBlock> _hookBlocks = [];
    private readonly ManualResetEventSlim _finished = new();
    private Runspace? _hookRunspace;
    private volatile bool _stopping;

    private HarnJob(string command, string? name, HarnRun run, ChunkInput input, ArgumentBinding arguments, IReadOnlyList<HarnHook> hooks, HookSessionSnapshot session, RunLimits limits)
        : base(command, name)
    {
        Run = run;
        _input = input;
        _arguments = arguments;
        _hooks = hooks;
        _limits = limits;
        _session = session;
        PSJobTypeName = JobTypeName;
        run.Job = this;
    }

    /// <summary>
    /// Starts <paramref name="input"/> in the background for <paramref name="cmdlet"/> (on its
    /// pipeline thread): the run is listed in the session and the job with the job sources.
    /// </summary>
    internal static HarnJob Start(PSCmdlet cmdlet, ChunkInput input, string? name, ArgumentBinding arguments, IReadOnlyList<HarnHook> hooks, int timeoutSec, RunLimits limits)
    {
        var state = ModuleState.Current;
        var run = new HarnRun(name ?? input.Name, input.Location, background: true);
        var job = new HarnJob(cmdlet.MyInvocation.Line, run.Name, run, input, arguments, hooks, HookSessionSnapshot.Capture(cmdlet, hooks), limits);
        state.AddRun(run);
        HarnJobSourceAdapter.Add(job);
        if (timeoutSec > 0)
        {
            run.StartTimeout(TimeSpan.FromSeconds(timeoutSec));
        }

        job.StartJob();
        return job;
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

    void IRunSink.WriteProgress(ProgressRecord record) => Progress.Add(record);

    void IRunSink.WriteError(ErrorRecord record) => Error.Add(record);

    /// <summary>
    /// Runs the hook in the job's own runspace (made and seeded with the session snapshot on
    /// first use); the payload is <c>$_</c> and the first argument, as in the session.
    /// </summary>
    Collection<PSObject> IRunSink.InvokeHook(HarnHook hook, object? payload)
    {
        if (_hookRunspace is null)
        {
            _hookRunspace = RunspaceFactory.CreateRunspace();
            _hookRunspace.Name = "Harn job " + Id + " hooks";
            _hookRunspace.Open();
            _session.Apply(_hookRunspace);
        }

        if (!_hookBlocks.TryGetValue(hook, out var block))
        {
            // Recompiled here: the registered ScriptBlock belongs to the session's runspace.
            block = ScriptBlock.Create(hook.ScriptBlock.ToString());
            _hookBlocks[hook] = block;
        }

        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = _hookRunspace;
        // What the hook writes besides its result reaches the job's streams, as it would reach the session's.
        return HookDeadline.Run(shell, hook, block, payload, Error.Add, Information.Add);
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
            var run = ChunkRun.Start(_input.Compile, _arguments, _hooks, Run.Token, Run.StopToken, Run.Interrupts, _limits);
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
