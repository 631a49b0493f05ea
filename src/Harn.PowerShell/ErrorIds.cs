namespace Harn.PowerShell;

/// <summary>
/// The ErrorIds the module writes. Each is stable and catalogued in docs/errors.md; the
/// FullyQualifiedErrorId is the id followed by the cmdlet's full type name.
/// </summary>
public static class ErrorIds
{
    /// <summary>The chunk does not lex, parse, type-check or compile (<see cref="HarnSyntaxError"/> is what the cmdlets write).</summary>
    public const string HarnCompileError = nameof(HarnCompileError);

    /// <summary>The chunk does not lex, parse, type-check or compile.</summary>
    public const string HarnSyntaxError = nameof(HarnSyntaxError);

    /// <summary>An uncaught runtime error without a more specific id (<c>Runtime error: ...</c>, <c>Error [category]: ...</c>).</summary>
    public const string HarnRuntimeError = nameof(HarnRuntimeError);

    /// <summary>An uncaught <c>throw</c>.</summary>
    public const string HarnThrown = nameof(HarnThrown);

    /// <summary>An uncaught <c>Type error: ...</c>.</summary>
    public const string HarnTypeError = nameof(HarnTypeError);

    /// <summary><c>Undefined variable</c> or <c>Undefined builtin</c>.</summary>
    public const string HarnUndefinedName = nameof(HarnUndefinedName);

    /// <summary><c>Stack overflow: too many nested calls</c>.</summary>
    public const string HarnStackOverflow = nameof(HarnStackOverflow);

    /// <summary><c>Division by zero</c>.</summary>
    public const string HarnDivisionByZero = nameof(HarnDivisionByZero);

    /// <summary>A <c>deadline</c> block expired uncaught, or the run outlived -TimeoutSec.</summary>
    public const string HarnDeadlineExceeded = nameof(HarnDeadlineExceeded);

    /// <summary>The run executed more instructions than -MaxInstructions allows.</summary>
    public const string HarnInstructionLimitExceeded = nameof(HarnInstructionLimitExceeded);

    /// <summary>The run grew the managed heap past -MaxMemoryMB.</summary>
    public const string HarnMemoryLimitExceeded = nameof(HarnMemoryLimitExceeded);

    /// <summary>The sandbox (-DenyBuiltin, -AllowBuiltin, -NoFileSystem, -ReadOnlyPath, ...) denied a builtin call.</summary>
    public const string HarnPermissionDenied = nameof(HarnPermissionDenied);

    /// <summary>The sandbox parameters contradict each other (-DenyBuiltin with -AllowBuiltin).</summary>
    public const string HarnSandboxInvalid = nameof(HarnSandboxInvalid);

    /// <summary>The run was cancelled by Stop-HarnRun.</summary>
    public const string HarnRunCancelled = nameof(HarnRunCancelled);

    /// <summary>A PowerShell hook threw; the run failed with it.</summary>
    public const string HarnHookFailed = nameof(HarnHookFailed);

    /// <summary>The engine failed in a way that is not a Harn error (a defect, or a feature it lacks).</summary>
    public const string HarnInternalError = nameof(HarnInternalError);

    /// <summary>A path given to the cmdlet does not exist.</summary>
    public const string PathNotFound = nameof(PathNotFound);

    /// <summary>A path resolves to a provider other than the file system.</summary>
    public const string PathNotFileSystem = nameof(PathNotFileSystem);

    /// <summary>A source file exists but cannot be read.</summary>
    public const string HarnSourceReadError = nameof(HarnSourceReadError);

    /// <summary>A <c>-Parameter</c> or <c>-ArgumentList</c> value cannot be turned into a Harn value.</summary>
    public const string HarnParameterInvalid = nameof(HarnParameterInvalid);

    /// <summary>More -ArgumentList values than the entry pipeline has parameters.</summary>
    public const string HarnTooManyArguments = nameof(HarnTooManyArguments);

    /// <summary>-Event names no Harn hook event.</summary>
    public const string HarnHookEventUnknown = nameof(HarnHookEventUnknown);

    /// <summary>No registered hook has the given id or name.</summary>
    public const string HarnHookNotFound = nameof(HarnHookNotFound);

    /// <summary>No run of this session has the given id or name.</summary>
    public const string HarnRunNotFound = nameof(HarnRunNotFound);
}
