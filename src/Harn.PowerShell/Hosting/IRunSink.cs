using System.Collections.ObjectModel;
using System.Management.Automation;
using Harn.PowerShell.Hooks;

namespace Harn.PowerShell.Hosting;

/// <summary>Where a <see cref="RunPump"/> delivers a run: a cmdlet's pipeline, or a job's streams. Called on the reading thread only.</summary>
internal interface IRunSink
{
    /// <summary>True once the consumer wants the run to end (the pipeline or job is stopping).</summary>
    bool IsStopping { get; }

    void WriteObject(object? item);

    void WriteInformation(InformationRecord record);

    void WriteError(ErrorRecord record);

    void WriteProgress(ProgressRecord record);

    /// <summary>Runs <paramref name="hook"/> with the payload in a runspace this thread owns; throws what the hook throws.</summary>
    Collection<PSObject> InvokeHook(HarnHook hook, object? payload);
}
