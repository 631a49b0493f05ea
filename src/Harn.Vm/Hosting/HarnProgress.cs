namespace Harn.Hosting;

/// <summary>
/// How far a long operation of a run has come (an agent loop's iterations, for example), for a
/// host to show: <paramref name="PercentComplete"/> is -1 when unknown; <paramref name="Completed"/>
/// marks the operation's last report.
/// </summary>
public sealed record HarnProgress(string Activity, string Status, int PercentComplete, bool Completed);
