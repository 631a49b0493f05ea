namespace Harn.Runtime;

/// <summary>An enum value: <c>Color.Red</c>, <c>Result.Ok(20)</c>. Fields are positional.</summary>
public sealed class HarnEnumVariant : IHarnObject
{
    public const string ResultEnum = "Result";

    public HarnEnumVariant(string enumName, string variant, HarnList fields)
    {
        EnumName = enumName;
        Variant = variant;
        Fields = fields;
    }

    public string EnumName { get; }

    public string Variant { get; }

    public HarnList Fields { get; }

    public string TypeName => "enum";

    public string Display() => ValueFormatter.Display(Value.FromObject(ValueKind.EnumVariant, this));

    public bool Is(string enumName, string variant) => EnumName == enumName && Variant == variant;

    public static Value Create(string enumName, string variant, HarnList fields) =>
        Value.FromObject(ValueKind.EnumVariant, new HarnEnumVariant(enumName, variant, fields));

    public static Value Ok(Value value) => Create(ResultEnum, "Ok", new HarnList([value]));

    public static Value Err(Value value) => Create(ResultEnum, "Err", new HarnList([value]));

    /// <summary>True when <paramref name="value"/> is <c>Result.&lt;variant&gt;</c>.</summary>
    public static bool IsResult(Value value, string variant) =>
        value.Kind == ValueKind.EnumVariant && value.As<HarnEnumVariant>().Is(ResultEnum, variant);

    /// <summary>The first field, or nil when there is none.</summary>
    public Value FirstField => Fields.Count > 0 ? Fields[0] : Value.Nil;
}
