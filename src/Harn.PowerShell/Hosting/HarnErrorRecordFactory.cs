using System.Management.Automation;
using Harn.Hosting;
using Harn.Runtime;

namespace Harn.PowerShell.Hosting;

/// <summary>
/// Turns a failed run into its ErrorRecord: <see cref="HarnErrorRecords"/> supplies the message,
/// category and target; this picks the specific ErrorId (docs/errors.md) and, for timeouts, stops
/// and hook failures, the category that describes what happened to the run.
/// </summary>
internal static class HarnErrorRecordFactory
{
    public static ErrorRecord Create(Exception error, HarnErrorContext context)
    {
        var record = Select(error, context);
        if (Position(error) is var (file, line, column)
            && SourceExcerpt.Format(file ?? context.File, file is null || file == context.File ? context.SourceText : null, line, column) is { } excerpt
            && record.ErrorDetails is { } details)
        {
            record.ErrorDetails = new ErrorDetails(details.Message + "\n\n" + excerpt);
        }

        return record;
    }

    /// <summary>Where the error points: the runtime error's position, or a compile error's first diagnostic.</summary>
    private static (string? File, int Line, int Column)? Position(Exception error) => error switch
    {
        HarnRuntimeException { Line: > 0 } runtime => (runtime.SourceFile, runtime.Line, runtime.Column),
        HarnCompileException { Diagnostics.Count: > 0 } compile => (compile.Diagnostics[0].File, compile.Diagnostics[0].Line, compile.Diagnostics[0].Column),
        _ => null,
    };

    private static ErrorRecord Select(Exception error, HarnErrorContext context) => error switch
    {
        HarnCompileException compile => WithId(HarnErrorRecords.Compile(compile, context.Target), ErrorIds.HarnSyntaxError, null),
        HarnRuntimeException runtime => Runtime(runtime, context),
        ResourceLimitException limit => LimitExceeded(limit, context),
        ArgumentCountException count => new ErrorRecord(count, ErrorIds.HarnTooManyArguments, ErrorCategory.InvalidArgument, context.Target),
        _ => HarnErrorRecords.Internal(error, context.Target),
    };

    private static ErrorRecord Runtime(HarnRuntimeException error, HarnErrorContext context)
    {
        var record = HarnErrorRecords.Runtime(error, context.File);
        if (context.TimedOut)
        {
            var timedOut = WithId(record, ErrorIds.HarnDeadlineExceeded, ErrorCategory.OperationTimeout);
            timedOut.ErrorDetails = new ErrorDetails("The Harn run exceeded its -TimeoutSec limit and was cancelled: " + record.ErrorDetails?.Message);
            return timedOut;
        }

        if (context.Stopped)
        {
            return WithId(record, ErrorIds.HarnRunCancelled, ErrorCategory.OperationStopped);
        }

        if (context.HookFailed)
        {
            return WithId(record, ErrorIds.HarnHookFailed, ErrorCategory.InvalidOperation);
        }

        return error.Kind switch
        {
            ErrorKind.Thrown when error.Thrown.Kind == ValueKind.String && error.Thrown.AsString == "Deadline exceeded" =>
                WithId(record, ErrorIds.HarnDeadlineExceeded, ErrorCategory.OperationTimeout),
            ErrorKind.Thrown => WithId(record, ErrorIds.HarnThrown, null),
            ErrorKind.Type => WithId(record, ErrorIds.HarnTypeError, null),
            _ when HarnErrorRecords.IsUndefinedName(error) => WithId(record, ErrorIds.HarnUndefinedName, null),
            ErrorKind.StackOverflow => WithId(record, ErrorIds.HarnStackOverflow, null),
            ErrorKind.DivisionByZero => WithId(record, ErrorIds.HarnDivisionByZero, null),
            ErrorKind.Categorized when error.Category == Sandbox.SandboxErrors.Category => WithId(record, ErrorIds.HarnPermissionDenied, ErrorCategory.PermissionDenied),
            _ => record,
        };
    }

    /// <summary>A run ended by -MaxInstructions or -MaxMemoryMB: nothing in the script could catch it.</summary>
    private static ErrorRecord LimitExceeded(ResourceLimitException error, HarnErrorContext context) =>
        new(error, error.Limit == ResourceLimit.Memory ? ErrorIds.HarnMemoryLimitExceeded : ErrorIds.HarnInstructionLimitExceeded, ErrorCategory.LimitsExceeded, context.Target)
        {
            ErrorDetails = new ErrorDetails(error.Message),
        };

    /// <summary>The same record under another ErrorId (and optionally category); ErrorRecord cannot change its id in place.</summary>
    private static ErrorRecord WithId(ErrorRecord record, string errorId, ErrorCategory? category) =>
        new(record.Exception, errorId, category ?? record.CategoryInfo.Category, record.TargetObject)
        {
            ErrorDetails = record.ErrorDetails,
        };
}
