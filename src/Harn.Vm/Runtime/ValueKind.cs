namespace Harn.Runtime;

/// <summary>The runtime type tag of a <see cref="Value"/>. Order matters only for readability.</summary>
public enum ValueKind : byte
{
    Nil,
    Bool,
    Int,
    Float,
    Duration,
    String,
    Bytes,
    List,
    Dict,
    Set,
    Pair,
    Range,
    Closure,
    Builtin,
    EnumVariant,
    Struct,
    Iter,
    Generator,
    Stream,
    TaskHandle,
    Channel,
    Atomic,
    Rng,
    /// <summary>Any other host object (sync permits, registries, ...): display and type name come from <see cref="IHarnObject"/>.</summary>
    Object,
}
