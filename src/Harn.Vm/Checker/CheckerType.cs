using System.Globalization;

namespace Harn.Checker;

/// <summary>
/// A static type as the checker sees it. A missing type (C# null) means "not known": every check
/// involving it passes, which keeps the gradual system free of false alarms.
/// </summary>
internal abstract record CheckerType
{
    /// <summary>The spelling used in diagnostics (`int`, `list<int>`, `{name: string}`, `"ping"`).</summary>
    public abstract string Display { get; }

    public sealed override string ToString() => Display;

    /// <summary>Shows a possibly unknown type, used inside compound types.</summary>
    public static string Show(CheckerType? type) => type?.Display ?? "unknown";
}

/// <summary>`int`, `float`, `string`, `bool`, `nil`, `bytes`.</summary>
internal sealed record PrimitiveType(string Name) : CheckerType
{
    public static readonly PrimitiveType Int = new("int");
    public static readonly PrimitiveType Float = new("float");
    public static readonly PrimitiveType String = new("string");
    public static readonly PrimitiveType Bool = new("bool");
    public static readonly PrimitiveType Nil = new("nil");
    public static readonly PrimitiveType Bytes = new("bytes");

    public bool IsNumeric => Name is "int" or "float";

    public override string Display => Name;
}

/// <summary>The top types `any` and `unknown`, and the bottom type `never`.</summary>
internal sealed record SpecialType(string Name) : CheckerType
{
    public static readonly SpecialType Any = new("any");
    public static readonly SpecialType Unknown = new("unknown");
    public static readonly SpecialType Never = new("never");

    public override string Display => Name;
}

/// <summary>
/// A built-in type constructor: `list`, `dict`, `set`, `iter`, `Generator`, `Stream`, `Result`.
/// <see cref="Args"/> is empty for the bare form (`list`, `dict`).
/// </summary>
internal sealed record AppliedType(string Constructor, IReadOnlyList<CheckerType?> Args) : CheckerType
{
    public static AppliedType Of(string constructor, params CheckerType?[] args) => new(constructor, args);

    /// <summary>The i-th argument, or null for the bare form.</summary>
    public CheckerType? Arg(int index) => index < Args.Count ? Args[index] : null;

    public override string Display =>
        Args.Count == 0 || Args.All(a => a is null)
            ? Constructor
            : Constructor + "<" + string.Join(", ", Args.Select(Show)) + ">";

    public bool Equals(AppliedType? other) =>
        other is not null && Constructor == other.Constructor && Args.SequenceEqual(other.Args);

    public override int GetHashCode() => Constructor.GetHashCode(StringComparison.Ordinal);
}

/// <summary>One field of a <see cref="ShapeType"/>.</summary>
internal sealed record ShapeMember(string Name, CheckerType? Type, bool IsOptional);

/// <summary>A structural dict type `{name: string, age?: int}`.</summary>
internal sealed record ShapeType(IReadOnlyList<ShapeMember> Fields) : CheckerType
{
    public ShapeMember? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);

    public override string Display =>
        "{" + string.Join(", ", Fields.Select(f => f.Name + (f.IsOptional ? "?: " : ": ") + Show(f.Type))) + "}";

    public bool Equals(ShapeType? other) => other is not null && Fields.SequenceEqual(other.Fields);

    public override int GetHashCode() => Fields.Count;
}

/// <summary>`A | B | C`, flattened, at least two members.</summary>
internal sealed record UnionType(IReadOnlyList<CheckerType> Members) : CheckerType
{
    public override string Display => string.Join(" | ", Members.Select(m => m.Display));

    public bool Equals(UnionType? other) => other is not null && Members.SequenceEqual(other.Members);

    public override int GetHashCode() => Members.Count;
}

/// <summary>A literal type: a string (`"pass"`) or an int (`0`).</summary>
internal sealed record LiteralType(object Value) : CheckerType
{
    public PrimitiveType BaseType => Value is string ? PrimitiveType.String : PrimitiveType.Int;

    public override string Display =>
        Value is string text ? "\"" + text + "\"" : Convert.ToString(Value, CultureInfo.InvariantCulture) ?? "";
}

internal enum NominalKind
{
    Struct,
    Enum,
    Interface,
}

/// <summary>A user-declared struct, enum or interface, possibly applied to type arguments.</summary>
internal sealed record NominalType(string Name, NominalKind Kind, IReadOnlyList<CheckerType?> Args) : CheckerType
{
    public override string Display =>
        Args.Count == 0 ? Name : Name + "<" + string.Join(", ", Args.Select(Show)) + ">";

    public bool Equals(NominalType? other) =>
        other is not null && Name == other.Name && Kind == other.Kind && Args.SequenceEqual(other.Args);

    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
}

/// <summary>`fn(A, B) -> R`; an unannotated parameter or return is null.</summary>
internal sealed record FunctionType(IReadOnlyList<CheckerType?> Params, CheckerType? Return) : CheckerType
{
    public override string Display =>
        "fn(" + string.Join(", ", Params.Select(Show)) + ")" + (Return is null ? "" : " -> " + Return.Display);

    public bool Equals(FunctionType? other) =>
        other is not null && Params.SequenceEqual(other.Params) && Equals(Return, other.Return);

    public override int GetHashCode() => Params.Count;
}

/// <summary>A generic type parameter in scope (`T`).</summary>
internal sealed record TypeParameterType(string Name) : CheckerType
{
    public override string Display => Name;
}
