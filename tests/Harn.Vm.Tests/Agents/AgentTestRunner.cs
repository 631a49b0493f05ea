using System.Text;
using Harn.Hooks;
using Harn.Hosting;
using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Vm.Tests.Agents;

/// <summary>
/// Runs a script and returns its output. Scripts also see the global <c>host_exec_tool(registry,
/// name, args, options?)</c>, which runs <see cref="ToolExecutor.Execute"/> and returns the outcome
/// dict, the way an agent loop dispatches a tool call. (A global, bound with
/// <c>let exec_tool = host_exec_tool</c>, because the checker only accepts calls to known names.)
/// </summary>
internal static class AgentTestRunner
{
    public static string Run(string source, HookRegistry? hooks = null)
    {
        var output = new StringBuilder();
        HarnExecution.Run(HarnScript.Compile(source), new HarnRunOptions
        {
            Output = (_, text) => output.Append(text),
            Hooks = hooks,
            ConfigureBuiltins = registry => registry.RegisterGlobal("host_exec_tool", Value.FromObject(ValueKind.Builtin, new Builtin("host_exec_tool", (context, args) =>
            {
                var name = args[1].AsString;
                var options = args.Length > 3 ? args[3] : Value.Nil;
                return ToolExecutor.Execute(context, args[0], name, args[2], ToolCallPolicy.From(options)).ToValue(name);
            }))),
        });
        return output.ToString();
    }

    public static HarnRuntimeException Fails(string source) => Xunit.Assert.Throws<HarnRuntimeException>(() => Run(source));
}
