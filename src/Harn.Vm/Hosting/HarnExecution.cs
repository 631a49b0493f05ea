using Harn.Runtime;
using Harn.Stdlib;

namespace Harn.Hosting;

/// <summary>Runs compiled scripts.</summary>
public static class HarnExecution
{
    /// <summary>
    /// Runs <paramref name="script"/> to completion and returns the entry pipeline's value.
    /// Throws <see cref="HarnRuntimeException"/> for an uncaught Harn error.
    /// </summary>
    public static Value Run(HarnScript script, HarnRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(options);
        // The run's own copy of the shared standard library: what it changes stays in this run.
        var builtins = StandardLibrary.Base.Copy();
        options.ConfigureBuiltins?.Invoke(builtins);
        if (options.Sandbox is { } sandbox)
        {
            Sandbox.SandboxEnforcer.Apply(builtins, sandbox);
        }

        var parameters = script.EntryParameters;
        var arguments = new Value[parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
        {
            if (options.Arguments is not null && options.Arguments.TryGetValue(parameters[i], out var argument))
            {
                arguments[i] = argument;
            }
        }

        var directory = script.SourcePath is null ? null : Path.GetDirectoryName(script.SourcePath);
        var vm = new Vm(script.Program, builtins, options.Output, options.CancellationToken, options.MaxCallDepth, directory);
        RunBuiltins.Attach(vm.Context, builtins);
        var mayReadSkills = options.Sandbox is not { } policy || (policy.DenyingRule("load_skill") is null && policy.ReadOnlyRoots is null);
        Stdlib.Skills.SkillDiscovery.Install(vm.Context, builtins, directory, mayReadSkills);
        using var cleanup = Stdlib.RunCleanup.Scope(vm.Context);
        vm.LimitInstructions(options.MaxInstructions);
        Hooks.HookSession.Of(vm.Context).Configure(options);
        Stdlib.RunProgress.Connect(vm.Context, options.Progress);
        using var mcpServers = Stdlib.Mcp.McpAutoConnect.Connect(vm.Context, builtins, options.Sandbox);
        using var interrupts = vm.Scheduler.Interrupts.Connect(options.Interrupts);
        using var memory = MemoryWatchdog.Start(options.MaxMemoryBytes, vm);
        return vm.Run(arguments);
    }
}
