using System.ComponentModel;
using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>
/// Turns .NET host failures into Harn runtime errors with upstream's texts. The error's
/// <see cref="HarnRuntimeException.Category"/> carries the host failure class (<c>not_found</c>,
/// <c>permission_denied</c>, <c>timeout</c>, ...) so the PowerShell boundary can pick an ErrorRecord category.
/// </summary>
internal static class HostErrors
{
    public const string NotFound = "not_found";
    public const string PermissionDenied = "permission_denied";
    public const string Timeout = "timeout";
    public const string IoFailure = "io";
    public const string Network = "transient_network";
    public const string Cancelled = "cancelled";

    /// <summary><c>Runtime error: {prefix}: {reason}</c> for an I/O failure.</summary>
    public static HarnRuntimeException Io(string prefix, Exception error) =>
        new(ErrorKind.Runtime, $"{prefix}: {Reason(error)}", default, CategoryOf(error));

    public static HarnRuntimeException Runtime(string detail, string category) => new(ErrorKind.Runtime, detail, default, category);

    /// <summary>True for the exceptions a host call may raise and that must become Harn errors.</summary>
    public static bool IsHostFailure(Exception error) =>
        error is IOException or UnauthorizedAccessException or Win32Exception or System.Security.SecurityException
            or NotSupportedException or ArgumentException or InvalidOperationException;

    /// <summary>The text upstream's runtime prints for an OS error (<c>No such file or directory (os error 2)</c>).</summary>
    public static string Reason(Exception error) => error switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory (os error 2)",
        UnauthorizedAccessException => "Permission denied (os error 13)",
        PathTooLongException => "File name too long (os error 36)",
        Win32Exception { NativeErrorCode: 2 } => "No such file or directory (os error 2)",
        Win32Exception { NativeErrorCode: 13 } => "Permission denied (os error 13)",
        IOException io when io.HResult == unchecked((int)0x80070050) || io.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase) => "File exists (os error 17)",
        _ => error.Message,
    };

    public static string CategoryOf(Exception error) => error switch
    {
        FileNotFoundException or DirectoryNotFoundException => NotFound,
        Win32Exception { NativeErrorCode: 2 } => NotFound,
        UnauthorizedAccessException or System.Security.SecurityException => PermissionDenied,
        Win32Exception { NativeErrorCode: 13 } => PermissionDenied,
        TimeoutException => Timeout,
        OperationCanceledException => Cancelled,
        _ => IoFailure,
    };
}
