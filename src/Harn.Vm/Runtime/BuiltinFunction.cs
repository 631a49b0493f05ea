namespace Harn.Runtime;

/// <summary>A host function callable from Harn. Arguments are positional; extra ones are ignored by convention.</summary>
public delegate Value BuiltinFunction(BuiltinContext context, ReadOnlySpan<Value> args);
