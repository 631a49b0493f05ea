using Harn.Hooks;
using Harn.Runtime;
using Xunit;

namespace Harn.Vm.Tests.Hooks;

public class HookPatternTests
{
    private static readonly Value Payload = Value.FromDict(HarnDict.FromEntries(
    [
        new("event", Value.FromString("PreToolUse")),
        new("target", Value.FromString("deploy.plan")),
        new("tool", Value.FromDict(HarnDict.FromEntries(
        [
            new("name", Value.FromString("read_file")),
            new("args", Value.FromDict(HarnDict.FromEntries([new("limit", Value.FromInt(10))]))),
        ]))),
        new("dry", Value.True),
    ]));

    [Theory]
    [InlineData("", true)]
    [InlineData("*", true)]
    [InlineData("deploy.*", true)]
    [InlineData("*.plan", true)]
    [InlineData("read_*", true)]
    [InlineData("*_file", true)]
    [InlineData("write_*", false)]
    [InlineData("read_file", true)]
    [InlineData("tool.name == read_file", true)]
    [InlineData("tool.name == \"read_file\"", true)]
    [InlineData("tool.name != read_file", false)]
    [InlineData("tool.args.limit == 10", true)]
    [InlineData("tool.name =~ \"^read\"", true)]
    [InlineData("tool.name =~ \"^write\"", false)]
    [InlineData("dry", true)]
    [InlineData("missing == nil", true)]
    public void Patterns_select_payloads(string pattern, bool expected) => Assert.Equal(expected, HookPattern.Matches(pattern, Payload));
}
