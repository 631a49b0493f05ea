namespace Harn.Runtime;

/// <summary>
/// A Harn runtime error. <see cref="Message"/> is upstream's display text (for example
/// <c>Runtime error: Division by zero (line 3)</c> once enriched with a line);
/// <see cref="CatchValue"/> is what a Harn <c>catch</c> binds.
/// </summary>
public sealed class HarnRuntimeException : Exception
{
    public HarnRuntimeException(ErrorKind kind, string detail, Value thrown = default, string? category = null)
        : base(Format(kind, detail, thrown, category))
    {
        Kind = kind;
        Detail = detail;
        Thrown = thrown;
        Category = category;
    }

    public ErrorKind Kind { get; }

    /// <summary>The message without the kind prefix or line suffix.</summary>
    public string Detail { get; }

    /// <summary>The thrown value, for <see cref="ErrorKind.Thrown"/>.</summary>
    public Value Thrown { get; }

    /// <summary>The category, for <see cref="ErrorKind.Categorized"/>.</summary>
    public string? Category { get; }

    /// <summary>1-based line of the failing instruction, 0 when unknown.</summary>
    public int Line { get; internal set; }

    /// <summary>1-based column of the failing instruction, 0 when unknown.</summary>
    public int Column { get; internal set; }

    /// <summary>The source file of the failing instruction, when known.</summary>
    public string? SourceFile { get; internal set; }

    /// <summary>The Harn call stack at the point of failure, innermost first (<c>at fn (file:line:col)</c>).</summary>
    public IReadOnlyList<string> HarnStack { get; internal set; } = Array.Empty<string>();

    /// <summary>The display text once the VM has added the position (see HARN_VM_FACTS 7.3).</summary>
    public string? EnrichedMessage { get; internal set; }

    /// <summary>What a <c>catch</c> binds: the thrown value, else the display text as a string.</summary>
    public Value CatchValue => Kind == ErrorKind.Thrown ? Thrown : Value.FromString(Format(Kind, Detail, Thrown, Category));

    public static HarnRuntimeException Runtime(string detail) => new(ErrorKind.Runtime, detail);

    public static HarnRuntimeException TypeError(string detail) => new(ErrorKind.Type, detail);

    public static HarnRuntimeException Throw(Value value) => new(ErrorKind.Thrown, ValueFormatter.Display(value), value);

    public static string Format(ErrorKind kind, string detail, Value thrown, string? category) => kind switch
    {
        ErrorKind.Thrown => "Thrown: " + ValueFormatter.Display(thrown),
        ErrorKind.Runtime => "Runtime error: " + detail,
        ErrorKind.Type => "Type error: " + detail,
        ErrorKind.DivisionByZero => "Division by zero",
        ErrorKind.UndefinedVariable => "Undefined variable: " + detail,
        ErrorKind.UndefinedBuiltin => "Undefined builtin: " + detail,
        ErrorKind.ImmutableAssignment => "Cannot assign to immutable binding: " + detail,
        ErrorKind.StackOverflow => "Stack overflow: too many nested calls",
        ErrorKind.Categorized => $"Error [{category}]: {detail}",
        _ => detail,
    };
}
