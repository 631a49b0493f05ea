using System.Collections.Concurrent;
using System.Management.Automation;

namespace Harn.PowerShell.Jobs;

/// <summary>
/// The job source adapter of <see cref="HarnJob"/>s, so the job infrastructure can find them by
/// id, name, instance id or state. Jobs are created by Start-HarnRun, not from definitions.
/// </summary>
public sealed class HarnJobSourceAdapter : JobSourceAdapter
{
    private static readonly ConcurrentDictionary<Guid, HarnJob> Jobs = new();

    public HarnJobSourceAdapter()
    {
        Name = nameof(HarnJobSourceAdapter);
    }

    internal static void Add(HarnJob job) => Jobs[job.InstanceId] = job;

    public override Job2 NewJob(JobInvocationInfo specification) =>
        throw new NotSupportedException("Harn jobs are started with Start-HarnRun.");

    public override IList<Job2> GetJobs() => [.. Jobs.Values.OrderBy(j => j.Id)];

    public override IList<Job2> GetJobsByName(string name, bool recurse)
    {
        var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
        return [.. Jobs.Values.Where(j => pattern.IsMatch(j.Name)).OrderBy(j => j.Id)];
    }

    public override IList<Job2> GetJobsByCommand(string command, bool recurse)
    {
        var pattern = WildcardPattern.Get(command, WildcardOptions.IgnoreCase);
        return [.. Jobs.Values.Where(j => pattern.IsMatch(j.Command)).OrderBy(j => j.Id)];
    }

    public override Job2? GetJobByInstanceId(Guid instanceId, bool recurse) => Jobs.TryGetValue(instanceId, out var job) ? job : null;

    public override Job2? GetJobBySessionId(int id, bool recurse) => Jobs.Values.FirstOrDefault(j => j.Id == id);

    public override IList<Job2> GetJobsByState(JobState state, bool recurse) => [.. Jobs.Values.Where(j => j.JobStateInfo.State == state).OrderBy(j => j.Id)];

    public override IList<Job2> GetJobsByFilter(Dictionary<string, object> filter, bool recurse) => [];

    public override void RemoveJob(Job2 job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (Jobs.TryRemove(job.InstanceId, out var removed))
        {
            removed.StopJob();
            removed.Dispose();
        }
    }
}
