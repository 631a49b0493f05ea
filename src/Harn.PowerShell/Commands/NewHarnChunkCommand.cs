using System.Management.Automation;
using Harn.Hosting;
using Harn.PowerShell.Chunks;
using Harn.PowerShell.Hosting;

namespace Harn.PowerShell.Commands;

/// <summary>
/// Compiles Harn files or source text without running them. The chunk objects are immutable
/// and can be run any number of times with Invoke-HarnChunk -Chunk or Start-HarnRun -Chunk.
/// </summary>
[Cmdlet(VerbsCommon.New, "HarnChunk", DefaultParameterSetName = PathSet)]
[OutputType(typeof(HarnChunk))]
public sealed class NewHarnChunkCommand : HarnChunkCommandBase
{
    protected override void ProcessRecord()
    {
        foreach (var input in ResolveInputs())
        {
            // Compiled on a thread with a large stack: parsing recurses on nesting depth.
            HarnScript? script = null;
            Exception? failure = null;
            var worker = new Thread(() =>
            {
                try
                {
                    script = input.Compile();
                }
                catch (Exception error)
                {
                    failure = error;
                }
            }, 16 * 1024 * 1024)
            { IsBackground = true, Name = "Harn compile" };
            worker.Start();
            worker.Join();
            if (script is not null)
            {
                WriteObject(new HarnChunk(script, input.Name));
            }
            else
            {
                WriteError(HarnErrorRecordFactory.Create(failure!, new HarnErrorContext(input.File, input.Target, false, false, false, input.SourceText)));
            }
        }
    }
}
