using Harn.Runtime;

namespace Harn.Hooks;

/// <summary>
/// A hook the host provides. The callback runs on the VM's thread and may block (for example
/// while another thread runs it); it should honour <paramref name="cancellation"/>. An exception
/// other than <see cref="HarnRuntimeException"/> becomes a Harn runtime error of the run.
/// </summary>
public delegate Value HostHookCallback(HookEvent hookEvent, Value payload, CancellationToken cancellation);

/// <summary>Adapts a <see cref="HostHookCallback"/> to a <see cref="HookHandler"/>.</summary>
public sealed class HostHookHandler(HostHookCallback callback) : HookHandler
{
    public override Value Invoke(BuiltinContext context, HookEvent hookEvent, Value payload)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return callback(hookEvent, payload, context.CancellationToken);
        }
        catch (HarnRuntimeException)
        {
            throw;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw HarnRuntimeException.Throw(Value.FromString("kind:cancelled:VM cancelled by host"));
        }
        catch (Exception error)
        {
            throw RuntimeErrors.Runtime($"{HookEvents.WireName(hookEvent)} hook failed: {error.Message}");
        }
    }
}
