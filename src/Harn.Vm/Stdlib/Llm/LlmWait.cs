using System.Runtime.ExceptionServices;
using Harn.Runtime;

namespace Harn.Stdlib.Llm;

/// <summary>
/// Waits for host I/O from inside an LLM builtin: the operation runs as an
/// <see cref="AsyncBuiltin"/>, so other tasks keep running meanwhile and cancelling the run
/// cancels the operation (the HTTP request, the backoff delay) promptly.
/// </summary>
internal static class LlmWait
{
    public static T Run<T>(BuiltinContext context, Func<CancellationToken, Task<T>> start)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var builtin = new Builtin("llm_wait", (inner, _) => AsyncBuiltin.Await(inner, async token =>
        {
            try
            {
                result = await start(token).ConfigureAwait(false);
            }
            catch (Exception error) when (error is LlmFailure or HarnRuntimeException)
            {
                failure = ExceptionDispatchInfo.Capture(error);
            }

            return Value.Nil;
        }));
        context.Invoke(Value.FromObject(ValueKind.Builtin, builtin), ReadOnlySpan<Value>.Empty);
        failure?.Throw();
        return result;
    }

    public static void Delay(BuiltinContext context, long milliseconds)
    {
        if (milliseconds > 0)
        {
            Run(context, async token =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(milliseconds), token).ConfigureAwait(false);
                return true;
            });
        }
    }
}
