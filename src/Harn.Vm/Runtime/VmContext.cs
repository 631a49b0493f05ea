using Harn.Hosting;

namespace Harn.Runtime;

/// <summary>The <see cref="BuiltinContext"/> a VM hands to builtins: output, callbacks into Harn, cancellation.</summary>
internal sealed class VmContext(Vm vm, string? sourceDirectory) : BuiltinContext
{
    public override CancellationToken CancellationToken => vm.Cancellation;

    public override void ThrowIfStopped()
    {
        vm.ThrowIfLimitHit();
        base.ThrowIfStopped();
    }

    /// <summary>The directory of the module whose code called the builtin, so an imported module's <c>render</c> finds its own files.</summary>
    public override string? SourceDirectory => vm.CurrentModuleDirectory ?? sourceDirectory;

    public override void Write(OutputChannel channel, string text) => vm.Write(channel, text);

    /// <summary>Runs the callable to completion on the current fiber (a nested dispatch for closures); a wait inside it is driven in place.</summary>
    public override Value Invoke(Value callable, ReadOnlySpan<Value> args) => vm.InvokeFromHost(callable, args);

    internal Vm Vm => vm;
}
