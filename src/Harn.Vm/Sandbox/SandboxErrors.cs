using Harn.Runtime;

namespace Harn.Sandbox;

/// <summary>The permission errors of the sandbox: category <c>permission_denied</c>, naming the builtin and the rule.</summary>
public static class SandboxErrors
{
    /// <summary>The error category a denied call carries (what <c>error_category(e)</c> returns).</summary>
    public const string Category = "permission_denied";

    /// <summary>Every call of <paramref name="builtin"/> is denied by <paramref name="rule"/>.</summary>
    public static HarnRuntimeException Denied(string builtin, string rule) =>
        new(ErrorKind.Categorized, $"builtin '{builtin}' is not allowed in sandbox mode (rule: {rule})", category: Category);

    /// <summary><paramref name="builtin"/> tried to read <paramref name="path"/> (null: a path it did not disclose) outside the read-only roots.</summary>
    public static HarnRuntimeException PathDenied(string builtin, string? path) =>
        new(
            ErrorKind.Categorized,
            path is null
                ? $"builtin '{builtin}' read a path the sandbox could not check (rule: ReadOnlyPath)"
                : $"builtin '{builtin}' may not read '{path}' outside the read-only roots (rule: ReadOnlyPath)",
            category: Category);
}
