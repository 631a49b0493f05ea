using System.Collections.ObjectModel;
using System.Management.Automation;
using Harn.PowerShell.Hooks;

namespace Harn.PowerShell.Hosting;

/// <summary>Delivers a run to the pipeline of the cmdlet running it; hooks run right here, on the pipeline thread.</summary>
internal sealed class CmdletRunSink(PSCmdlet cmdlet, Func<bool> isStopping) : IRunSink
{
    public bool IsStopping => isStopping();

    public void WriteObject(object? item) => cmdlet.WriteObject(item);

    public void WriteInformation(InformationRecord record) => cmdlet.WriteInformation(record);

    public void WriteError(ErrorRecord record) => cmdlet.WriteError(record);

    public void WriteProgress(ProgressRecord record) => cmdlet.WriteProgress(record);

    /// <summary>
    /// The payload is <c>$_</c> and the first argument of the ScriptBlock, which runs in a nested
    /// pipeline of this runspace so that its deadline can stop it; its errors join the cmdlet's.
    /// </summary>
    public Collection<PSObject> InvokeHook(HarnHook hook, object? payload)
    {
        using var shell = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
        // Write-Host in a nested pipeline reaches the host directly; only errors need passing on.
        return HookDeadline.Run(shell, hook, hook.ScriptBlock, payload, cmdlet.WriteError, null);
    }
}
