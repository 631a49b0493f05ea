using System.Management.Automation;
using Harn.Hosting;

namespace Harn.PowerShell.Hosting;

/// <summary>
/// Turns a run's progress reports into ProgressRecords: one activity id per activity name, and a
/// Completed record for each activity still open when the run ends, so no bar is left behind.
/// </summary>
internal sealed class ProgressRelay(IRunSink sink)
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly HashSet<string> _open = new(StringComparer.Ordinal);

    public void Write(HarnProgress report)
    {
        if (!_ids.TryGetValue(report.Activity, out var id))
        {
            id = _ids.Count + 1;
            _ids[report.Activity] = id;
        }

        var record = new ProgressRecord(id, report.Activity, report.Status)
        {
            PercentComplete = Math.Clamp(report.PercentComplete, -1, 100),
            RecordType = report.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
        if (report.Completed)
        {
            _open.Remove(report.Activity);
        }
        else
        {
            _open.Add(report.Activity);
        }

        sink.WriteProgress(record);
    }

    public void CompleteAll()
    {
        foreach (var activity in _open.ToArray())
        {
            sink.WriteProgress(new ProgressRecord(_ids[activity], activity, "Finished") { RecordType = ProgressRecordType.Completed });
        }

        _open.Clear();
    }
}
