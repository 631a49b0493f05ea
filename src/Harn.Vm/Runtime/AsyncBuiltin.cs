namespace Harn.Runtime;

/// <summary>
/// How a builtin waits for host I/O (HTTP, processes) without blocking the VM: it returns
/// <see cref="Await"/>'s value, the calling task parks, and other tasks run until the
/// operation completes. The operation's token is cancelled when the task is aborted, runs out
/// of cancellation grace, or the run ends.
/// </summary>
public static class AsyncBuiltin
{
    /// <summary>
    /// Starts <paramref name="start"/> and returns the value the builtin must return. Outside a
    /// VM (a foreign <see cref="BuiltinContext"/>) it waits synchronously and returns the result.
    /// A <see cref="HarnRuntimeException"/> from the operation is raised at the call; other
    /// failures become runtime errors.
    /// </summary>
    public static Value Await(BuiltinContext context, Func<CancellationToken, Task<Value>> start)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(start);
        if (context is not VmContext vmContext)
        {
            return ExternalWait.Unwrap(start(context.CancellationToken));
        }

        return new ExternalWait(vmContext.Vm.Scheduler, start, context.CancellationToken).ToValue();
    }
}

/// <summary>A wait for a host <see cref="Task{Value}"/>; its completion reaches the driver through the scheduler's inbox.</summary>
internal sealed class ExternalWait : VmSuspension
{
    private readonly CancellationTokenSource _cancellation;
    private readonly Task<Value> _operation;
    private readonly VmSignal _completed = new();

    public ExternalWait(VmScheduler scheduler, Func<CancellationToken, Task<Value>> start, CancellationToken hostToken)
    {
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(hostToken);
        try
        {
            _operation = start(_cancellation.Token);
        }
        catch (Exception error)
        {
            // A builtin that fails before going async fails at its call like any other.
            _operation = Task.FromException<Value>(error);
        }

        scheduler.ExternalInFlight++;
        _operation.ContinueWith(
            static (_, state) =>
            {
                var (owner, driver) = ((ExternalWait, VmScheduler))state!;
                driver.Post(() =>
                {
                    driver.ExternalInFlight--;
                    owner._completed.NotifyAll();
                });
            },
            (this, scheduler),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public override bool TryComplete(VmTask waiter, out Value result)
    {
        if (!_operation.IsCompleted)
        {
            result = default;
            return false;
        }

        _cancellation.Dispose();
        result = Unwrap(_operation);
        return true;
    }

    public override void Park(VmScheduler scheduler, VmTask waiter) => _completed.Add(scheduler, waiter);

    public override void Unpark(VmTask waiter) => _completed.Remove(waiter);

    public override void Abandon()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already completed and cleaned up.
        }
    }

    public static Value Unwrap(Task<Value> operation)
    {
        try
        {
            return operation.GetAwaiter().GetResult();
        }
        catch (HarnRuntimeException)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            throw HarnRuntimeException.Throw(Value.FromString(Vm.CancelledMessage));
        }
        catch (Exception error)
        {
            throw RuntimeErrors.Runtime(error.Message);
        }
    }
}
