using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Workflows;

/// <summary>
/// The <c>workflow</c> namespace of durable-workflow messages: <c>signal</c>, <c>update</c>
/// (which waits for <c>respond_update</c>), <c>receive</c>, <c>publish_query</c>/<c>query</c>,
/// <c>pause</c>/<c>resume</c>, <c>status</c> and <c>continue_as_new</c>. A target is a workflow
/// id or a dict with <c>workflow_id</c>. Each operation is also a builtin named
/// <c>workflow_OPERATION</c>.
/// </summary>
internal static class WorkflowMessages
{
    private const long DefaultUpdateTimeoutMs = 30_000;

    private static readonly string[] Operations = ["signal", "update", "receive", "publish_query", "query", "respond_update", "pause", "resume", "status", "continue_as_new"];

    public static void Register(BuiltinRegistry registry)
    {
        registry.RegisterGlobal("workflow", Value.FromHarnObject(new WorkflowNamespace()));
        foreach (var operation in Operations)
        {
            registry.Register("workflow_" + operation, (ctx, args) => Invoke(ctx, operation, args));
        }

        registry.Register("continue_as_new", (ctx, args) => Invoke(ctx, "continue_as_new", args));
    }

    private sealed class WorkflowNamespace : IHarnObject, IVmMethodTarget
    {
        public string TypeName => "module";

        public string Display() => "<module workflow>";

        public Value InvokeMethod(BuiltinContext context, string name, ReadOnlySpan<Value> args) =>
            Operations.Contains(name) ? Invoke(context, name, args) : throw RuntimeErrors.Runtime($"workflow.{name} is not a workflow operation");
    }

    private static string TargetId(Value target, string function) => target.Kind switch
    {
        ValueKind.String => target.AsString,
        ValueKind.Dict when AgentValues.StringField(target, "workflow_id") is { } id => id,
        _ => throw Args.Expected(function, "a workflow id or a dict with workflow_id", target),
    };

    private static Value Invoke(BuiltinContext context, string operation, ReadOnlySpan<Value> args)
    {
        var function = "workflow." + operation;
        var box = WorkflowMailbox.Of(context).For(TargetId(Args.At(args, 0), function));
        lock (box)
        {
            switch (operation)
            {
                case "signal":
                    {
                        var message = box.Enqueue("signal", Args.String(args, 1, function), Args.At(args, 2));
                        return AgentValues.Dict(("workflow_id", Rec.S(box.WorkflowId)), ("message", message), ("status", box.Status()));
                    }

                case "receive":
                    return box.Pending.Count > 0 ? box.Pending.Dequeue() : Value.Nil;
                case "publish_query":
                    box.Queries[Args.String(args, 1, function)] = Args.At(args, 2);
                    return AgentValues.Dict(("workflow_id", Rec.S(box.WorkflowId)), ("name", Args.At(args, 1)), ("query_count", Rec.I(box.Queries.Count)));
                case "query":
                    return box.Queries.TryGetValue(Args.String(args, 1, function), out var published) ? published : Value.Nil;
                case "update":
                    return Update(context, box, Args.String(args, 1, function), Args.At(args, 2), Args.At(args, 3));
                case "respond_update":
                    {
                        var requestId = Args.String(args, 1, function);
                        if (!box.Updates.Remove(requestId, out var waiter))
                        {
                            throw RuntimeErrors.Thrown($"{function}: no pending update {requestId} for workflow {box.WorkflowId}");
                        }

                        waiter.TrySetResult(Args.At(args, 2));
                        return AgentValues.Dict(("workflow_id", Rec.S(box.WorkflowId)), ("request_id", Rec.S(requestId)), ("name", Args.At(args, 3)), ("responded", Rec.B(true)));
                    }

                case "pause":
                case "resume":
                    box.Paused = operation == "pause";
                    box.Enqueue("control", operation, Value.Nil);
                    return box.Status();
                case "status":
                    return box.Status();
                default:
                    box.Generation++;
                    return Value.FromDict(box.Status().AsDict.With("continued_as_new", Rec.B(true)).With("input", Args.At(args, 1)));
            }
        }
    }

    /// <summary>Queues an update request and waits (up to <c>timeout_ms</c>) for the workflow's response.</summary>
    private static Value Update(BuiltinContext context, WorkflowMailbox.Box box, string name, Value payload, Value options)
    {
        var requestId = Rec.NewId("update");
        var waiter = new TaskCompletionSource<Value>(TaskCreationOptions.RunContinuationsAsynchronously);
        box.Updates[requestId] = waiter;
        box.Enqueue("update", name, payload, requestId);
        var timeout = AgentValues.IntField(options, "timeout_ms", DefaultUpdateTimeoutMs);
        return AsyncBuiltin.Await(context, async cancellation =>
        {
            var finished = await Task.WhenAny(waiter.Task, Task.Delay(TimeSpan.FromMilliseconds(timeout), cancellation)).ConfigureAwait(false);
            if (finished == waiter.Task)
            {
                return await waiter.Task.ConfigureAwait(false);
            }

            lock (box)
            {
                box.Updates.Remove(requestId);
            }

            cancellation.ThrowIfCancellationRequested();
            throw RuntimeErrors.Thrown($"workflow.update: {name} on workflow {box.WorkflowId} timed out after {timeout}ms");
        });
    }
}
