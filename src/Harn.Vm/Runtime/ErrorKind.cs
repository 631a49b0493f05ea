namespace Harn.Runtime;

/// <summary>The kinds of runtime error the VM raises; each has upstream's display prefix.</summary>
public enum ErrorKind
{
    /// <summary>A value raised by <c>throw</c> (display <c>Thrown: v</c>).</summary>
    Thrown,

    /// <summary><c>Runtime error: m</c>.</summary>
    Runtime,

    /// <summary><c>Type error: m</c>.</summary>
    Type,

    /// <summary><c>Division by zero</c>.</summary>
    DivisionByZero,

    /// <summary><c>Undefined variable: n</c>.</summary>
    UndefinedVariable,

    /// <summary><c>Undefined builtin: n</c>.</summary>
    UndefinedBuiltin,

    /// <summary><c>Cannot assign to immutable binding: n</c>.</summary>
    ImmutableAssignment,

    /// <summary><c>Stack overflow: too many nested calls</c>.</summary>
    StackOverflow,

    /// <summary><c>Error [category]: m</c>.</summary>
    Categorized,
}
