using System.Collections.ObjectModel;
using System.Management.Automation;

namespace Harn.PowerShell.Hooks;

/// <summary>
/// Runs a hook's pipeline under its deadline: past <see cref="HarnHook.Timeout"/> the pipeline is
/// stopped from a timer thread, so a hanging ScriptBlock cannot hang the run that called it.
/// </summary>
internal static class HookDeadline
{
    /// <summary>
    /// Runs <paramref name="block"/> on <paramref name="shell"/> with the payload as <c>$_</c> and first
    /// argument, in a local scope whose names no session variable is likely to have (so globals stay
    /// visible), under the hook's deadline; then hands what it wrote besides its result to the callbacks.
    /// </summary>
    public static Collection<PSObject> Run(
        System.Management.Automation.PowerShell shell,
        HarnHook hook,
        ScriptBlock block,
        object? payload,
        Action<ErrorRecord> writeError,
        Action<InformationRecord>? writeInformation)
    {
        shell.AddScript("param($__HarnHook, $__HarnPayload) $__HarnPayload | ForEach-Object { & $__HarnHook $_ }", useLocalScope: true)
            .AddArgument(block)
            .AddArgument(payload);
        try
        {
            return Invoke(shell, hook);
        }
        finally
        {
            foreach (var record in shell.Streams.Error)
            {
                writeError(record);
            }

            if (writeInformation is not null)
            {
                foreach (var record in shell.Streams.Information)
                {
                    writeInformation(record);
                }
            }
        }
    }

    /// <summary>Invokes <paramref name="shell"/>; throws <see cref="TimeoutException"/> when the deadline stopped it.</summary>
    private static Collection<PSObject> Invoke(System.Management.Automation.PowerShell shell, HarnHook hook)
    {
        var gate = new object();
        var finished = false;
        var expired = false;
        using var timer = new Timer(
            _ =>
            {
                // Under the gate: once Invoke has returned the shell may be disposed, so no stop may start after that.
                lock (gate)
                {
                    if (finished)
                    {
                        return;
                    }

                    expired = true;
                    try
                    {
                        shell.BeginStop(null, null);
                    }
                    catch (InvalidOperationException)
                    {
                        // The pipeline finished between the check and the stop.
                    }
                }
            },
            null,
            hook.Timeout,
            System.Threading.Timeout.InfiniteTimeSpan);
        try
        {
            // A stopped nested pipeline may return what it had so far instead of throwing.
            var results = shell.Invoke();
            return Expired() ? throw Expiry(hook) : results;
        }
        catch (PipelineStoppedException) when (Expired())
        {
            throw Expiry(hook);
        }
        finally
        {
            lock (gate)
            {
                finished = true;
            }
        }

        static TimeoutException Expiry(HarnHook hook) =>
            new($"it did not finish within its deadline of {hook.Timeout.TotalSeconds:0.###} s and was stopped");

        bool Expired()
        {
            lock (gate)
            {
                return expired;
            }
        }
    }
}
