using System.Management.Automation;
using Harn.Stdlib;

namespace Harn.PowerShell.Hosting;

/// <summary>
/// Builds the standard library's shared registry (which every run copies) on a thread-pool thread
/// while PowerShell is still importing the module, so the first run finds it ready. Only work a
/// run needs anyway is done ahead: compiling and running a chunk in advance as well would save a
/// first run more on an idle machine, but costs as much CPU again and slows the import itself
/// where PowerShell already keeps two cores busy. Once per process; a failure is left for the
/// first run, which reports it.
/// </summary>
public sealed class ModuleWarmUp : IModuleAssemblyInitializer
{
    private static int _started;

    public void OnImport()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static _ => BuildRegistry(), null);
        }
    }

    private static void BuildRegistry()
    {
        try
        {
            _ = StandardLibrary.Base;
        }
        catch (Exception)
        {
            // The first run meets the same failure and reports it.
        }
    }
}
