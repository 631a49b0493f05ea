using System.Globalization;

namespace Harn.Runtime;

internal sealed partial class Vm
{
    /// <summary>
    /// Finds the innermost handler (installed above <paramref name="stopDepth"/>) that accepts
    /// <paramref name="error"/>, unwinds the fiber to it and points its frame at the catch code.
    /// Returns false, with the fiber unwound to <paramref name="stopDepth"/>, when none does.
    /// </summary>
    private bool TryHandle(Fiber fiber, HarnRuntimeException error, int stopDepth)
    {
        RecordPosition(fiber, error);
        var hardStop = _scheduler.Current is { HardStop: true };
        while (!hardStop && fiber.HandlerCount > 0)
        {
            var handler = fiber.Handlers[fiber.HandlerCount - 1];
            if (handler.FrameCount <= stopDepth)
            {
                break;
            }

            fiber.HandlerCount--;
            if (handler.TypeName is not null && !CatchesType(handler.TypeName, error))
            {
                continue;
            }

            var stack = fiber.Stack;
            Array.Clear(stack, handler.StackPointer, Math.Max(0, fiber.StackPointer - handler.StackPointer));
            fiber.FrameCount = handler.FrameCount;
            DropDeadlinesAbove(fiber);
            var caught = handler.IsFinally ? Value.FromObject(ValueKind.Object, new PendingError(error)) : error.CatchValue;
            stack[handler.StackPointer] = caught;
            fiber.StackPointer = handler.StackPointer + 1;
            fiber.Frames[fiber.FrameCount - 1].Ip = handler.CatchIp;
            return true;
        }

        fiber.FrameCount = Math.Min(fiber.FrameCount, stopDepth);
        if (stopDepth == 0)
        {
            fiber.Status = FiberStatus.Done;
        }

        return false;
    }

    /// <summary>A typed catch accepts only thrown enum values of that enum.</summary>
    private static bool CatchesType(string typeName, HarnRuntimeException error) =>
        error.Kind == ErrorKind.Thrown
        && error.Thrown.Kind == ValueKind.EnumVariant
        && error.Thrown.As<HarnEnumVariant>().EnumName == typeName;

    /// <summary>Captures the failing position and the Harn call stack the first time an error passes a frame.</summary>
    private static void RecordPosition(Fiber fiber, HarnRuntimeException error)
    {
        if (error.HarnStack.Count > 0 || fiber.FrameCount == 0)
        {
            return;
        }

        var stack = new List<string>(fiber.FrameCount);
        for (var i = fiber.FrameCount - 1; i >= 0; i--)
        {
            var frame = fiber.Frames[i];
            var chunk = frame.Closure.Chunk;
            if (ReferenceEquals(chunk, CallbackLoop.Chunk))
            {
                // The frame running a map or filter is the method call itself, which the caller's frame shows.
                continue;
            }

            var offset = Math.Max(0, frame.Ip - 1);
            var line = chunk.LineAt(offset);
            var column = chunk.ColumnAt(offset);
            if (i == fiber.FrameCount - 1)
            {
                error.Line = line;
                error.Column = column;
                error.SourceFile = chunk.SourceFile;
            }

            var name = chunk.Name.Length == 0 ? "<top>" : chunk.Name;
            var file = chunk.SourceFile is null ? "<source>" : Path.GetFileName(chunk.SourceFile);
            stack.Add(string.Create(CultureInfo.InvariantCulture, $"at {name} ({file}:{line}:{column})"));
        }

        error.HarnStack = stack;
    }

    /// <summary>Adds upstream's <c>(line N)</c> suffix to an uncaught error (HARN_VM_FACTS 7.3).</summary>
    internal static void Enrich(HarnRuntimeException error)
    {
        if (error.EnrichedMessage is not null)
        {
            return;
        }

        var suffix = error.Line > 0 ? string.Create(CultureInfo.InvariantCulture, $" (line {error.Line})") : string.Empty;
        error.EnrichedMessage = error.Kind switch
        {
            ErrorKind.Runtime or ErrorKind.Type => error.Message + suffix,
            ErrorKind.DivisionByZero or ErrorKind.UndefinedVariable or ErrorKind.UndefinedBuiltin
                or ErrorKind.ImmutableAssignment or ErrorKind.StackOverflow => "Runtime error: " + error.Message + suffix,
            _ => error.Message,
        };
    }

    /// <summary>An error caught by a finally/defer handler, kept whole so it can be rethrown unchanged.</summary>
    private sealed class PendingError(HarnRuntimeException exception) : IHarnObject
    {
        public HarnRuntimeException Exception { get; } = exception;

        public string TypeName => "error";

        public string Display() => Exception.Message;
    }
}
