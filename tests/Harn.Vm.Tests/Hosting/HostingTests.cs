using System.Text;
using Harn.Hosting;
using Harn.Runtime;
using Xunit;

namespace Harn.Vm.Tests.Hosting;

public class HostingTests
{
    [Fact]
    public void Compile_reports_every_parse_diagnostic()
    {
        var error = Assert.Throws<HarnCompileException>(() => HarnScript.Compile("let = 1\nlet = 2\n"));
        Assert.True(error.Diagnostics.Count >= 2);
    }

    [Fact]
    public void Pipeline_parameters_bind_by_name_or_default_to_nil()
    {
        var script = HarnScript.Compile("pipeline default(task, extra) { log(\"${task} ${extra}\") }");
        Assert.Equal(["task", "extra"], script.EntryParameters);
        var output = new StringBuilder();
        HarnExecution.Run(script, new HarnRunOptions
        {
            Output = (_, text) => output.Append(text),
            Arguments = new Dictionary<string, Value> { ["task"] = Value.FromString("build") },
        });
        Assert.Equal("[harn] build nil\n", output.ToString());
    }

    [Fact]
    public void One_script_runs_in_independent_vms()
    {
        var script = HarnScript.Compile("var n = 0\nfn bump() { n = n + 1\n return n }\npipeline default() { bump()\n bump() }");
        var results = Enumerable.Range(0, 8).AsParallel().Select(_ => HarnExecution.Run(script, new HarnRunOptions()).AsInt).ToList();
        Assert.All(results, r => Assert.Equal(2, r));
    }

    [Fact]
    public void Imports_share_module_state_and_respect_pub()
    {
        var directory = Directory.CreateTempSubdirectory("harn-import");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "counter.harn"), """
                var count = 0
                log("module top level runs once")
                pub fn next() { count = count + 1
                  return count }
                fn hidden() { return "hidden" }
                """);
            var main = Path.Combine(directory.FullName, "main.harn");
            File.WriteAllText(main, "import \"counter\"\nimport { next } from \"counter.harn\"\npipeline default() { next()\n log(next()) }");
            var output = new StringBuilder();
            HarnExecution.Run(HarnScript.Compile(File.ReadAllText(main), main), new HarnRunOptions { Output = (_, text) => output.Append(text) });
            Assert.Equal("[harn] 2\n", output.ToString());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Disassemble_lists_every_function()
    {
        var listing = HarnScript.Compile("fn add(a, b) { return a + b }").Disassemble();
        Assert.Contains("fn add(a, b)", listing);
        Assert.Contains("GetLocal $0(a)", listing);
        Assert.Contains("Add", listing);
    }
}
