using Harn.Runtime;

namespace Harn.Hooks;

/// <summary>The code a hook runs: a Harn closure, or a host callback.</summary>
public abstract class HookHandler
{
    /// <summary>Runs the hook on the VM's thread and returns its raw result (read with <see cref="HookControl.Parse"/>).</summary>
    public abstract Value Invoke(BuiltinContext context, HookEvent hookEvent, Value payload);
}
