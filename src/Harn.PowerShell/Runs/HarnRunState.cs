namespace Harn.PowerShell.Runs;

/// <summary>Where a run is in its life.</summary>
public enum HarnRunState
{
    Running,
    Completed,
    Failed,
    Stopped,
}
