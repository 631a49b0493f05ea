using System.Management.Automation;
using Harn.Hosting;
using Harn.Sandbox;
using Harn.Stdlib;

namespace Harn.PowerShell.Hosting;

/// <summary>
/// Prepares the first run on a thread-pool thread while PowerShell is still importing the module:
/// builds the standard library's shared registry (which every run copies), then compiles and runs
/// a small chunk, so the code a first run needs (our own and the framework's generic collections
/// over Harn values, which ReadyToRun cannot precompile) is compiled by then. The chunk runs under
/// a sandbox that allows printing only, with its output dropped: no MCP servers, no skills, no
/// files. On two cores this slows the import a little and speeds the first run more (about 25 ms
/// less for both together). Once per process; a failure is left for the first run, which reports it.
/// </summary>
public sealed class ModuleWarmUp : IModuleAssemblyInitializer
{
    private static int _started;

    private const string WarmUpSource = """
        pipeline default(task) {
          fn add(a, b) {
            return a + b
          }
          var total = 0
          for i in range(0, 3) {
            total = add(total, i)
          }
          let d = {name: "x", n: total}
          let xs = [1, 2, 3].map({ x -> x * 2 })
          println("${d.name} ${len(xs)} ${total}")
        }
        """;

    public void OnImport()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static _ => PrepareFirstRun(), null);
        }
    }

    private static void PrepareFirstRun()
    {
        try
        {
            _ = StandardLibrary.Base;
            var script = HarnScript.Compile(WarmUpSource);
            HarnExecution.Run(script, new HarnRunOptions
            {
                Output = static (_, _) => { },
                Sandbox = new SandboxPolicy(allowedBuiltins: ["println", "len", "range"]),
            });
        }
        catch (Exception)
        {
            // The first run meets the same failure and reports it.
        }
    }
}
