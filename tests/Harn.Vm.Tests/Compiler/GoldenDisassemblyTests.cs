using System.Runtime.CompilerServices;
using Harn.Hosting;
using Xunit;

namespace Harn.Vm.Tests.Compiler;

/// <summary>The compiler's output for small programs, pinned in checked-in listings (Compiler/Golden/*.disasm).</summary>
public class GoldenDisassemblyTests
{
    [Theory]
    [InlineData("closure_capture")]
    [InlineData("control_flow")]
    public void Listing_matches_the_golden_file(string name)
    {
        var directory = Path.Combine(Path.GetDirectoryName(ThisFile())!, "Golden");
        var source = File.ReadAllText(Path.Combine(directory, name + ".harn"));
        var expected = File.ReadAllText(Path.Combine(directory, name + ".disasm")).ReplaceLineEndings("\n");
        var actual = HarnScript.Compile(source).Disassemble();
        Assert.Equal(expected, actual);
    }

    /// <summary>The golden files live beside this source file.</summary>
    private static string ThisFile([CallerFilePath] string path = "") => path;
}
