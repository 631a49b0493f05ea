namespace Harn.Runtime;

/// <summary>
/// Builds the runtime errors of value operations. Callers write <c>throw RuntimeErrors.X(...)</c>
/// so the formatting stays out of hot methods.
/// </summary>
public static class RuntimeErrors
{
    public static HarnRuntimeException DivisionByZero() => new(ErrorKind.DivisionByZero, "Division by zero");

    public static HarnRuntimeException Type(string detail) => HarnRuntimeException.TypeError(detail);

    public static HarnRuntimeException Runtime(string detail) => HarnRuntimeException.Runtime(detail);

    /// <summary>A thrown string, as builtins like <c>assert</c> raise.</summary>
    public static HarnRuntimeException Thrown(string message) => HarnRuntimeException.Throw(Value.FromString(message));
}
