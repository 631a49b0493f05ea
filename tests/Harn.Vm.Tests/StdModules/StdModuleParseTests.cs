using Harn.Hosting;
using Harn.Syntax;
using Xunit;

namespace Harn.Vm.Tests.StdModules;

public class StdModuleParseTests
{
    private static readonly string[] ExpectedModules =
    [
        "std/collections.harn",
        "std/context.harn",
        "std/graphql.harn",
        "std/hitl.harn",
        "std/json.harn",
        "std/math.harn",
        "std/monitors.harn",
        "std/path.harn",
        "std/project.harn",
        "std/runtime.harn",
        "std/schema.harn",
        "std/testing.harn",
        "std/text.harn",
        "std/triggers.harn",
        "std/waitpoint.harn",
        "std/waitpoints.harn",
    ];

    public static TheoryData<string> ModuleResources()
    {
        var data = new TheoryData<string>();
        foreach (var name in StdModuleSource.ResourceNames())
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void Every_module_is_embedded_under_its_std_name()
    {
        var names = StdModuleSource.ResourceNames();
        foreach (var expected in ExpectedModules)
        {
            Assert.Contains(expected, names);
        }
    }

    [Theory]
    [MemberData(nameof(ModuleResources))]
    public void Module_parses_without_diagnostics(string resource)
    {
        var result = Parser.Parse(StdModuleSource.Read(resource), resource);

        Assert.Empty(result.Diagnostics.Select(d => $"{d.Line}:{d.Column} {d.Message}"));
    }

    [Theory]
    [MemberData(nameof(ModuleResources))]
    public void Module_compiles_when_imported(string resource)
    {
        var module = resource[..^".harn".Length];
        var script = HarnScript.Compile($"import \"{module}\"\nlog(\"ok\")\n");

        Assert.NotNull(script);
    }
}
