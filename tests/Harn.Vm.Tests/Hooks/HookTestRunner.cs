using System.Text;
using Harn.Hooks;
using Harn.Hosting;
using Harn.Runtime;

namespace Harn.Vm.Tests.Hooks;

/// <summary>Runs a script with optional host hooks and returns what it wrote and returned.</summary>
internal static class HookTestRunner
{
    public static (string Output, Value Result) Run(string source, HookRegistry? hooks = null, Func<Value, bool>? resultItems = null)
    {
        var output = new StringBuilder();
        var result = HarnExecution.Run(HarnScript.Compile(source), new HarnRunOptions
        {
            Output = (_, text) => output.Append(text),
            Hooks = hooks,
            ResultItems = resultItems,
        });
        return (output.ToString(), result);
    }

    public static HarnRuntimeException Fails(string source, HookRegistry? hooks = null) =>
        Xunit.Assert.Throws<HarnRuntimeException>(() => Run(source, hooks));

    public static HookRegistry Host(HookEvent hookEvent, Func<Value, Value> handler, string? pattern = null)
    {
        var registry = new HookRegistry();
        registry.Add(hookEvent, pattern, new HostHookHandler((_, payload, _) => handler(payload)));
        return registry;
    }
}
