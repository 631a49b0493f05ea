using System.Runtime.CompilerServices;
using Harn.Bytecode;
using Harn.Stdlib;

namespace Harn.Runtime;

internal sealed partial class Vm
{
    /// <summary>How many nesting levels of dispatch pass between two checks of the host stack (a power of two).</summary>
    private const int StackCheckInterval = 4;

    /// <summary>
    /// Runs <paramref name="fiber"/> until its frame count drops back to <paramref name="stopDepth"/>
    /// (returning that frame's result) or it suspends at a <c>yield</c>. Errors are dispatched to
    /// the fiber's handlers installed above <paramref name="stopDepth"/>; others propagate.
    /// A task fiber run by the driver (<paramref name="stopDepth"/> 0) also returns when it must
    /// wait or yields its slice. <paramref name="resumeError"/> is raised first, at the
    /// instruction the fiber stopped at (a wait that failed).
    /// </summary>
    private Value Execute(Fiber fiber, int stopDepth, HarnRuntimeException? resumeError = null)
    {
        // Nested dispatches (callbacks from builtins) check the host stack every few levels: the
        // check guarantees a margin far larger than a few levels of nesting take.
        if ((++_dispatchNesting & (StackCheckInterval - 1)) == 0 && !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            _dispatchNesting--;
            throw new HarnRuntimeException(ErrorKind.StackOverflow, "Stack overflow: too many nested calls");
        }

        var previousFiber = _fiber;
        if (!ReferenceEquals(previousFiber, fiber))
        {
            _fiber = fiber;
        }

        try
        {
            if (resumeError is not null && !TryHandle(fiber, resumeError, stopDepth))
            {
                throw resumeError;
            }

            while (true)
            {
                HarnRuntimeException error;
                try
                {
                    return Interpret(fiber, stopDepth);
                }
                catch (HarnRuntimeException caught)
                {
                    error = caught;
                }
                catch (OutOfMemoryException)
                {
                    throw ResourceLimitException.OutOfMemory();
                }
                catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
                {
                    // A builtin stopped waiting because the run was cancelled.
                    error = HarnRuntimeException.Throw(Value.FromString(CancelledMessage));
                }
                catch (Exception failure) when (failure is InvalidCastException or OverflowException or ArgumentException
                                                    or InvalidOperationException or IndexOutOfRangeException or KeyNotFoundException
                                                    or FormatException or NullReferenceException or IOException or UnauthorizedAccessException)
                {
                    // A host-side failure inside an operation or builtin surfaces as a catchable Harn error at this position.
                    error = RuntimeErrors.Runtime(failure.Message);
                }

                // Decided outside the catch block: rethrowing inside it would keep every nested
                // dispatch's exception frames on the host stack until the outermost handler ran.
                if (!TryHandle(fiber, error, stopDepth))
                {
                    throw error;
                }
            }
        }
        finally
        {
            if (!ReferenceEquals(previousFiber, fiber))
            {
                _fiber = previousFiber;
            }

            _dispatchNesting--;
        }
    }

    /// <summary>
    /// Runs instructions until the dispatch ends: <see cref="RunHot{TCount}"/> takes the frequent ones
    /// with the VM state in registers; what it hands back (calls into the host, slow paths, trap
    /// polls, the countdown) runs here with the state in the fiber.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Value Interpret(Fiber fiber, int stopDepth)
    {
        var canYield = stopDepth == 0 && fiber.Task is not null;
        if (_trap)
        {
            PollTrap(fiber, false);
        }

        while (true)
        {
            switch (_maxInstructions > 0 ? RunHot<CountInstructions>(fiber, stopDepth) : RunHot<CountNothing>(fiber, stopDepth))
            {
                case HotExit.Refuel:
                    _fuel = Refuel();
                    continue;
                case HotExit.Returned:
                    {
                        ref var slot = ref fiber.Stack[fiber.StackPointer];
                        var result = slot;
                        slot = default;
                        if (stopDepth == 0)
                        {
                            fiber.Status = FiberStatus.Done;
                        }

                        return result;
                    }

                case HotExit.Poll:
                    if (PollTrap(fiber, canYield))
                    {
                        fiber.Status = FiberStatus.Yielded;
                        return default;
                    }

                    continue;
            }

            if (ExecuteWarm(fiber, stopDepth, canYield, out var warmResult))
            {
                return warmResult;
            }
        }
    }

    /// <summary>
    /// Finishes a builtin call whose result is a wait or that left the trap raised; true when the
    /// fiber must return to the driver. The state is in the fiber; the caller reloads it after.
    /// </summary>
    private bool SettleBuiltinResult(Fiber fiber, int stopDepth, int ip, int sp)
    {
        if (fiber.Stack[sp - 1].Ref is VmSuspension && SettlePending(fiber, stopDepth, ip, sp))
        {
            return true;
        }

        if (_trap)
        {
            // A slow builtin may have outlived a deadline or the run.
            PollTrap(fiber, false);
        }

        return false;
    }

    /// <summary>Clears <paramref name="count"/> stack slots from <paramref name="start"/>; a loop for the few slots a call frame usually has.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ClearSlots(Value[] stack, int start, int count)
    {
        if (count > 8)
        {
            Array.Clear(stack, start, count);
            return;
        }

        for (var i = 0; i < count; i++)
        {
            stack[start + i] = default;
        }
    }
}
