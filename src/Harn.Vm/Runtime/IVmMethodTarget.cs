namespace Harn.Runtime;

/// <summary>A runtime object with its own methods (namespaces such as <c>stream</c>, parallel streams).</summary>
internal interface IVmMethodTarget
{
    Value InvokeMethod(BuiltinContext context, string name, ReadOnlySpan<Value> args);
}
