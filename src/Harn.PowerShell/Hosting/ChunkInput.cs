using Harn.Hosting;

namespace Harn.PowerShell.Hosting;

/// <summary>One chunk a cmdlet was asked to run or compile.</summary>
/// <param name="Compile">Compiles it (on the VM thread: parsing needs its large stack), or returns the already compiled script.</param>
/// <param name="File">The source file; null for source text and for compiled chunks from source text.</param>
/// <param name="Target">What errors about it name as their TargetObject (the path or the source text).</param>
/// <param name="Name">A short name for runs and chunks: the file name without extension, or <c>&lt;source&gt;</c>.</param>
/// <param name="SourceText">The source text, for showing the line an error points at.</param>
internal sealed record ChunkInput(Func<HarnScript> Compile, string? File, object Target, string Name, string SourceText)
{
    public const string SourceName = "<source>";

    public string Location => File ?? SourceName;
}
