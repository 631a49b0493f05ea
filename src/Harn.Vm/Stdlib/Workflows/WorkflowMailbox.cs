using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Workflows;

/// <summary>
/// The message state of the workflows of one run, by workflow id: a queue of signals, updates
/// and control events for the workflow to <c>receive</c>, published query values, pending
/// update requests waiting for their response, the pause flag and the generation that
/// <c>continue_as_new</c> advances.
/// </summary>
internal sealed class WorkflowMailbox
{
    private static readonly RunLocal<WorkflowMailbox> Mailboxes = new(() => new WorkflowMailbox());

    private readonly Dictionary<string, Box> _boxes = new(StringComparer.Ordinal);

    public static WorkflowMailbox Of(BuiltinContext context) => Mailboxes.Get(context);

    public Box For(string workflowId)
    {
        lock (_boxes)
        {
            if (!_boxes.TryGetValue(workflowId, out var box))
            {
                _boxes[workflowId] = box = new Box(workflowId);
            }

            return box;
        }
    }

    internal sealed class Box(string workflowId)
    {
        private long _sequence;

        public string WorkflowId { get; } = workflowId;

        public Queue<Value> Pending { get; } = new();

        public Dictionary<string, Value> Queries { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, TaskCompletionSource<Value>> Updates { get; } = new(StringComparer.Ordinal);

        public bool Paused { get; set; }

        public long Generation { get; set; } = 1;

        public Value Enqueue(string kind, string name, Value payload, string? requestId = null)
        {
            var message = AgentValues.Dict(
                ("id", Rec.S($"{WorkflowId}:{++_sequence}")),
                ("workflow_id", Rec.S(WorkflowId)),
                ("kind", Rec.S(kind)),
                ("name", Rec.S(name)),
                ("payload", payload),
                ("request_id", Rec.S(requestId)),
                ("generation", Rec.I(Generation)),
                ("received_at", Rec.S(Rec.Now())));
            Pending.Enqueue(message);
            return message;
        }

        public Value Status() => AgentValues.Dict(
            ("workflow_id", Rec.S(WorkflowId)),
            ("paused", Rec.B(Paused)),
            ("pending_count", Rec.I(Pending.Count)),
            ("query_count", Rec.I(Queries.Count)),
            ("pending_updates", Rec.I(Updates.Count)),
            ("generation", Rec.I(Generation)));
    }
}
