using System.Management.Automation;
using Harn.PowerShell.Completion;
using Harn.PowerShell.Runs;

namespace Harn.PowerShell.Commands;

/// <summary>
/// Stops Harn runs of this session through the VM's cancellation: the script's finally/defer
/// blocks and interrupt handlers run within the grace period. Background runs are waited for.
/// Stopping a run that has finished does nothing (see -Verbose).
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "HarnRun", SupportsShouldProcess = true, DefaultParameterSetName = IdSet)]
[OutputType(typeof(HarnRun))]
public sealed class StopHarnRunCommand : PSCmdlet
{
    private const string IdSet = "Id";
    private const string NameSet = "Name";
    private const string InputObjectSet = "InputObject";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(RunIdCompleter))]
    public int[] Id { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = NameSet)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(RunNameCompleter))]
    public string[] Name { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public HarnRun[] InputObject { get; set; } = [];

    /// <summary>Writes each run after stopping it.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var runs = ModuleState.Current.Runs;
        switch (ParameterSetName)
        {
            case IdSet:
                foreach (var id in Id)
                {
                    if (runs.FirstOrDefault(r => r.Id == id) is { } run)
                    {
                        Stop(run);
                    }
                    else
                    {
                        WriteError(NotFound(id));
                    }
                }

                break;
            case NameSet:
                foreach (var name in Name)
                {
                    var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
                    var matched = runs.Where(r => pattern.IsMatch(r.Name)).ToList();
                    if (matched.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                    {
                        WriteError(NotFound(name));
                    }

                    matched.ForEach(Stop);
                }

                break;
            default:
                foreach (var run in InputObject)
                {
                    Stop(run);
                }

                break;
        }
    }

    internal static ErrorRecord NotFound(object key) => new(
        new ItemNotFoundException($"No Harn run with id or name '{key}' exists in this session."),
        ErrorIds.HarnRunNotFound,
        ErrorCategory.ObjectNotFound,
        key);

    private void Stop(HarnRun run)
    {
        if (run.State != HarnRunState.Running)
        {
            WriteVerbose($"Harn run {run.Id} ({run.Name}) has already finished ({run.State}); there is nothing to stop.");
        }
        else if (ShouldProcess($"Harn run {run.Id} ({run.Name})", "Stop"))
        {
            // A background run stops through its job first: the job marks itself stopping before
            // the run is signalled, so a run that ends at once is not reported as a failure.
            run.Job?.StopJob();
            run.Stop();
        }

        if (PassThru)
        {
            WriteObject(run);
        }
    }
}
