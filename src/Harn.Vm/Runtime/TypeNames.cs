namespace Harn.Runtime;

/// <summary>The names <c>type_of</c> returns and error messages use.</summary>
public static class TypeNames
{
    public static string Of(Value value) => value.Kind switch
    {
        ValueKind.Nil => "nil",
        ValueKind.Bool => "bool",
        ValueKind.Int => "int",
        ValueKind.Float => "float",
        ValueKind.Duration => "duration",
        ValueKind.String => "string",
        ValueKind.Bytes => "bytes",
        ValueKind.List => "list",
        ValueKind.Dict => "dict",
        ValueKind.Set => "set",
        ValueKind.Pair => "pair",
        ValueKind.Range => "range",
        ValueKind.Builtin => ((Builtin)value.Ref!).TypeName,
        ValueKind.EnumVariant => "enum",
        ValueKind.Struct => "struct",
        ValueKind.Iter => "iter",
        ValueKind.Closure => "closure",
        ValueKind.Generator => "generator",
        ValueKind.Stream => "stream",
        ValueKind.TaskHandle => "task_handle",
        ValueKind.Channel => "channel",
        ValueKind.Atomic => "atomic",
        ValueKind.Rng => "rng",
        _ => value.Ref is IHarnObject harnObject ? harnObject.TypeName : "object",
    };
}
