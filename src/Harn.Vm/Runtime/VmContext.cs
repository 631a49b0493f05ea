using Harn.Hosting;

namespace Harn.Runtime;

/// <summary>The <see cref="BuiltinContext"/> a VM hands to builtins: output, callbacks into Harn, cancellation.</summary>
internal sealed class VmContext(Vm vm, string? sourceDirectory) : BuiltinContext
{
    public override CancellationToken CancellationToken => vm.Cancellation;

    public override string? SourceDirectory => sourceDirectory;

    public override void Write(OutputChannel channel, string text) => vm.Write(channel, text);

    /// <summary>Runs the callable to completion on the current fiber (a nested dispatch for closures).</summary>
    public override Value Invoke(Value callable, ReadOnlySpan<Value> args) => vm.CallValue(callable, args);
}
