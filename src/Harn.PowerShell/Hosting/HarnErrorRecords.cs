using System.Management.Automation;
using System.Text;
using Harn.Hosting;
using Harn.PowerShell.Conversion;
using Harn.Runtime;

namespace Harn.PowerShell.Hosting;

/// <summary>Builds the ErrorRecords for failed chunks (see docs/errors.md).</summary>
public static class HarnErrorRecords
{
    /// <summary>The name used in positions when the chunk came from <c>-Source</c>.</summary>
    public const string SourceName = "<source>";

    /// <summary>The most stack lines an error message shows; the full stack stays on the exception.</summary>
    public const int MaxStackLines = 20;

    /// <summary>A compile error: one message line per diagnostic, each with file:line:column.</summary>
    public static ErrorRecord Compile(HarnCompileException error, object target)
    {
        var text = new StringBuilder();
        foreach (var diagnostic in error.Diagnostics)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(diagnostic.File ?? SourceName).Append(':')
                .Append(diagnostic.Line).Append(':').Append(diagnostic.Column).Append(": ")
                .Append(diagnostic.Message);
        }

        return new ErrorRecord(error, ErrorIds.HarnCompileError, ErrorCategory.ParserError, target)
        {
            ErrorDetails = new ErrorDetails(text.Length > 0 ? text.ToString() : error.Message),
        };
    }

    /// <summary>An uncaught Harn error: its display text, then the Harn stack, innermost first.</summary>
    public static ErrorRecord Runtime(HarnRuntimeException error, string? file)
    {
        var text = new StringBuilder(error.EnrichedMessage ?? error.Message);
        if (error.HarnStack.Count > 0)
        {
            AppendStack(text, error.HarnStack);
        }
        else if (error.Line > 0)
        {
            text.Append("\n    at ").Append(error.SourceFile ?? file ?? SourceName)
                .Append(':').Append(error.Line).Append(':').Append(error.Column);
        }

        var target = PowerShellValueConverter.ToPowerShell(error.CatchValue);
        return new ErrorRecord(error, ErrorIds.HarnRuntimeError, CategoryOf(error), target)
        {
            ErrorDetails = new ErrorDetails(text.ToString()),
        };
    }

    /// <summary>
    /// Appends the frames, folding runs of one repeated frame (deep recursion) into one line
    /// and stopping after <see cref="MaxStackLines"/> lines, so a stack overflow stays readable.
    /// </summary>
    private static void AppendStack(StringBuilder text, IReadOnlyList<string> frames)
    {
        var lines = 0;
        var index = 0;
        while (index < frames.Count)
        {
            if (lines == MaxStackLines)
            {
                text.Append("\n    ... ").Append(frames.Count - index).Append(" more frames");
                return;
            }

            var frame = frames[index];
            var repeats = 1;
            while (index + repeats < frames.Count && frames[index + repeats] == frame)
            {
                repeats++;
            }

            text.Append("\n    ").Append(frame);
            if (repeats > 1)
            {
                text.Append(" (repeated ").Append(repeats).Append(" times)");
            }

            lines++;
            index += repeats;
        }
    }

    /// <summary>
    /// An undefined variable or builtin. With a "did you mean" suggestion the VM raises it as a
    /// runtime error (<c>Runtime error: Undefined variable: x (did you mean `y`?)</c>), as upstream does.
    /// </summary>
    public static bool IsUndefinedName(HarnRuntimeException error) => error.Kind switch
    {
        ErrorKind.UndefinedVariable or ErrorKind.UndefinedBuiltin => true,
        ErrorKind.Runtime => error.Detail.StartsWith("Undefined variable: ", StringComparison.Ordinal)
            || error.Detail.StartsWith("Undefined builtin: ", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>A failure of the engine itself, not of the script.</summary>
    public static ErrorRecord Internal(Exception error, object target) =>
        new(error, ErrorIds.HarnInternalError, ErrorCategory.NotSpecified, target)
        {
            ErrorDetails = new ErrorDetails($"Harn engine failure ({error.GetType().Name}): {error.Message}"),
        };

    /// <summary>
    /// Mirrors PowerShell's own choices: a Harn <c>throw</c> is OperationStopped like PowerShell's
    /// <c>throw</c>; categorized errors, and runtime errors raised by host builtins (which carry the
    /// host failure class: missing file, permission, timeout, network), map by category; the rest
    /// are invalid operations or types.
    /// </summary>
    public static ErrorCategory CategoryOf(HarnRuntimeException error) => error.Kind switch
    {
        ErrorKind.Thrown => ErrorCategory.OperationStopped,
        ErrorKind.Type => ErrorCategory.InvalidType,
        _ when IsUndefinedName(error) => ErrorCategory.ObjectNotFound,
        ErrorKind.StackOverflow => ErrorCategory.LimitsExceeded,
        ErrorKind.Categorized => CategoryOf(error.Category),
        ErrorKind.Runtime when error.Category is not null => CategoryOf(error.Category),
        _ => ErrorCategory.InvalidOperation,
    };

    private static ErrorCategory CategoryOf(string? category) => category switch
    {
        "timeout" => ErrorCategory.OperationTimeout,
        "auth" => ErrorCategory.AuthenticationError,
        "rate_limit" or "budget_exceeded" => ErrorCategory.QuotaExceeded,
        "overloaded" or "server_error" or "transient_network" or "circuit_open" => ErrorCategory.ResourceUnavailable,
        "schema_validation" => ErrorCategory.InvalidData,
        "tool_rejected" or "egress_blocked" => ErrorCategory.PermissionDenied,
        "cancelled" => ErrorCategory.OperationStopped,
        "not_found" => ErrorCategory.ObjectNotFound,
        "permission_denied" => ErrorCategory.PermissionDenied,
        _ => ErrorCategory.InvalidOperation,
    };
}
