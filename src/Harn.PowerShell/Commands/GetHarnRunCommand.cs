using System.Management.Automation;
using Harn.PowerShell.Completion;
using Harn.PowerShell.Runs;

namespace Harn.PowerShell.Commands;

/// <summary>Lists this session's Harn runs, synchronous and background, oldest first, with state, start time and duration.</summary>
[Cmdlet(VerbsCommon.Get, "HarnRun", DefaultParameterSetName = NameSet)]
[OutputType(typeof(HarnRun))]
public sealed class GetHarnRunCommand : PSCmdlet
{
    private const string NameSet = "Name";
    private const string IdSet = "Id";

    [Parameter(Position = 0, ParameterSetName = NameSet)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(RunNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(RunIdCompleter))]
    public int[] Id { get; set; } = [];

    /// <summary>Only runs in this state.</summary>
    [Parameter]
    public HarnRunState? State { get; set; }

    protected override void ProcessRecord()
    {
        var runs = ModuleState.Current.Runs.Where(r => State is null || r.State == State);
        if (ParameterSetName == IdSet)
        {
            foreach (var id in Id)
            {
                var run = runs.FirstOrDefault(r => r.Id == id);
                if (run is null)
                {
                    WriteError(StopHarnRunCommand.NotFound(id));
                }
                else
                {
                    WriteObject(run);
                }
            }

            return;
        }

        foreach (var run in runs)
        {
            if (Name is null || Name.Any(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase).IsMatch(run.Name)))
            {
                WriteObject(run);
            }
        }
    }
}
