using Harn.Hosting;
using Xunit;

namespace Harn.Vm.Tests.Compiler;

public class CompileErrorTests
{
    [Theory]
    [InlineData("pipeline default() {\n  break\n}", "Compile error at line 2: break outside of loop")]
    [InlineData("pipeline default() {\n  continue\n}", "Compile error at line 2: continue outside of loop")]
    [InlineData("fn f() { return 1 }\nlet x = try* f()", "Compile error at line 2: try* requires an enclosing function (fn, tool, or pipeline) so the rethrow has a target")]
    public void Invalid_programs_report_upstream_messages(string source, string message)
    {
        var error = Assert.Throws<HarnCompileException>(() => HarnScript.Compile(source));
        Assert.Equal(message, error.Diagnostics[0].Message);
    }

    [Fact]
    public void An_import_path_with_a_nul_character_is_a_compile_error()
    {
        var error = Assert.Throws<HarnCompileException>(() => HarnScript.Compile("import \"lib\u0000name\"\npipeline default() {}\n"));
        Assert.Contains("Import error: cannot read 'lib\u0000name': the path contains a NUL character", error.Diagnostics[0].Message);
    }

    [Fact]
    public void Import_cycles_are_reported()
    {
        var directory = Directory.CreateTempSubdirectory("harn-cycle");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "a.harn"), "import \"b\"\npub fn a() { return 1 }\n");
            File.WriteAllText(Path.Combine(directory.FullName, "b.harn"), "import \"a\"\npub fn b() { return 2 }\n");
            var main = Path.Combine(directory.FullName, "a.harn");
            var error = Assert.Throws<HarnCompileException>(() => HarnScript.Compile(File.ReadAllText(main), main));
            Assert.Contains("Import cycle: a.harn -> b.harn -> a.harn", error.Diagnostics[0].Message);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
