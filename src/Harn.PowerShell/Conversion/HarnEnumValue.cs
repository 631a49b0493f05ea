namespace Harn.PowerShell.Conversion;

/// <summary>A Harn enum value (<c>Color.Red</c>, <c>Result.Err("x")</c>) as PowerShell sees it.</summary>
public sealed class HarnEnumValue
{
    internal HarnEnumValue(string enumName, string variant, object?[] fields, string display)
    {
        EnumName = enumName;
        Variant = variant;
        Fields = fields;
        Display = display;
    }

    public string EnumName { get; }

    public string Variant { get; }

    /// <summary>The variant's positional fields, converted.</summary>
    public object?[] Fields { get; }

    /// <summary>The Harn display text, e.g. <c>Result.Err(boom)</c>.</summary>
    public string Display { get; }

    public override string ToString() => Display;
}
