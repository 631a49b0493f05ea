namespace Harn.PowerShell;

/// <summary>
/// The ErrorIds the module writes. Each is stable and catalogued in docs/errors.md; the
/// FullyQualifiedErrorId is the id followed by the cmdlet's full type name.
/// </summary>
public static class ErrorIds
{
    /// <summary>The chunk does not lex, parse, type-check or compile.</summary>
    public const string HarnCompileError = nameof(HarnCompileError);

    /// <summary>The chunk raised an error that no Harn <c>catch</c> handled.</summary>
    public const string HarnRuntimeError = nameof(HarnRuntimeError);

    /// <summary>The engine failed in a way that is not a Harn error (a defect, or a feature it lacks).</summary>
    public const string HarnInternalError = nameof(HarnInternalError);

    /// <summary>A path given to the cmdlet does not exist.</summary>
    public const string PathNotFound = nameof(PathNotFound);

    /// <summary>A path resolves to a provider other than the file system.</summary>
    public const string PathNotFileSystem = nameof(PathNotFileSystem);

    /// <summary>A source file exists but cannot be read.</summary>
    public const string HarnSourceReadError = nameof(HarnSourceReadError);

    /// <summary>A <c>-Parameter</c> value cannot be turned into a Harn value.</summary>
    public const string HarnParameterInvalid = nameof(HarnParameterInvalid);
}
