using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Workflows;

/// <summary>
/// Workflow graphs: normalization (<c>workflow_graph</c>), static validation against the
/// graph's own policies and an optional host ceiling, policy reports, and versioned edits
/// (<c>workflow_commit</c>, <c>workflow_inspect</c>). Node values such as tool registries are
/// kept as they are, so their handlers survive every edit.
/// </summary>
internal static class WorkflowGraph
{
    public static readonly string[] NodeKinds = ["stage", "verify", "condition", "fork", "join", "map", "reduce", "subagent", "escalation", "action"];

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("workflow_graph", (_, args) => Normalize(Args.Dict(args, 0, "workflow_graph")));
        registry.Register("workflow_validate", (_, args) => Validate(Graph(args, 0, "workflow_validate"), Args.At(args, 1)));
        registry.Register("workflow_policy_report", (_, args) => PolicyReport(Graph(args, 0, "workflow_policy_report"), Args.At(args, 1)));
        registry.Register("workflow_commit", (_, args) => Commit(Graph(args, 0, "workflow_commit"), Args.At(args, 1)));
        registry.Register("workflow_inspect", (_, args) => Inspect(Graph(args, 0, "workflow_inspect")));
    }

    public static Value Graph(ReadOnlySpan<Value> args, int index, string function)
    {
        var value = Args.At(args, index);
        return value.Kind == ValueKind.Dict ? Normalize(value.AsDict) : throw Args.Expected(function, "a workflow graph dict", value);
    }

    public static Value Normalize(HarnDict input)
    {
        var rec = new Rec(Value.FromDict(input));
        rec["_type"] = Rec.S("workflow_graph");
        rec.Default("id", Rec.S(rec.Str("name") is { } name ? name : Rec.NewId("workflow")));
        rec.Default("name", rec["id"]);
        rec.Default("version", Rec.I(1));
        var nodes = new Rec();
        var order = new List<string>();
        var rawNodes = rec["nodes"];
        if (rawNodes.Kind == ValueKind.Dict)
        {
            foreach (var (id, node) in rawNodes.AsDict)
            {
                nodes[id] = NormalizeNode(id, node);
                order.Add(id);
            }
        }
        else if (rawNodes.Kind == ValueKind.List)
        {
            foreach (var node in rawNodes.AsList)
            {
                var id = AgentValues.StringField(node, "id") ?? throw RuntimeErrors.Thrown("workflow_graph: every node in a node list needs an `id`");
                nodes[id] = NormalizeNode(id, node);
                order.Add(id);
            }
        }
        else if (!rawNodes.IsNil)
        {
            throw RuntimeErrors.Type($"workflow_graph: `nodes` must be a dict or a list, got {TypeNames.Of(rawNodes)}");
        }

        rec["nodes"] = nodes.ToValue();
        rec.Default("entry", order.Count > 0 ? Rec.S(order[0]) : Value.Nil);
        var edges = rec["edges"].Kind == ValueKind.List ? rec["edges"].AsList.AsSpan().ToArray() : [];
        rec["edges"] = Rec.L(edges.Select(edge =>
        {
            if (edge.Kind != ValueKind.Dict || AgentValues.StringField(edge, "from") is null || AgentValues.StringField(edge, "to") is null)
            {
                throw RuntimeErrors.Thrown("workflow_graph: every edge needs `from` and `to` node ids");
            }

            var e = new Rec(edge);
            e.Default("branch", Value.Nil);
            e.Default("label", Value.Nil);
            return e.ToValue();
        }));
        rec.Default("capability_policy", Value.FromDict(HarnDict.Empty));
        rec.Default("approval_policy", Value.Nil);
        rec.Default("metadata", Value.FromDict(HarnDict.Empty));
        rec.Default("audit_log", Rec.L([]));
        return rec.ToValue();
    }

    private static Value NormalizeNode(string id, Value node)
    {
        if (node.Kind != ValueKind.Dict)
        {
            throw RuntimeErrors.Type($"workflow_graph: node {id} must be a dict, got {TypeNames.Of(node)}");
        }

        var rec = new Rec(node);
        rec["id"] = Rec.S(id);
        rec.Default("kind", Rec.S("stage"));
        foreach (var key in new[] { "mode", "task_label", "system", "prompt", "tools", "verify" })
        {
            rec.Default(key, Value.Nil);
        }

        foreach (var key in new[] { "model_policy", "transcript_policy", "context_policy", "retry_policy", "capability_policy", "input_contract", "output_contract", "map_policy", "join_policy", "reduce_policy", "metadata" })
        {
            rec.Default(key, Value.FromDict(HarnDict.Empty));
        }

        return rec.ToValue();
    }

    public static IEnumerable<(string Id, Value Node)> Nodes(Value graph) =>
        AgentValues.Field(graph, "nodes") is { Kind: ValueKind.Dict } nodes
            ? nodes.AsDict.Select(e => (e.Key, e.Value)).ToList()
            : [];

    public static Value Node(Value graph, string id) => AgentValues.Field(AgentValues.Field(graph, "nodes"), id);

    public static IEnumerable<Value> Edges(Value graph) => AgentValues.ListField(graph, "edges");

    /// <summary>Ranks of side-effect levels, lowest first; a policy may not exceed its ceiling's rank.</summary>
    private static readonly string[] SideEffectLevels = ["none", "read_only", "workspace_write", "process_exec", "network"];

    private static int SideEffectRank(string? level) => level is null ? -1 : Array.IndexOf(SideEffectLevels, level);

    /// <summary>Tool names of a node: a tool registry, a list of tool dicts or a list of names.</summary>
    public static IReadOnlyList<string> ToolNames(Value tools)
    {
        if (tools.Kind == ValueKind.Dict)
        {
            return ToolRegistry.Entries(tools).Select(ToolRegistry.NameOf).ToList();
        }

        if (tools.Kind == ValueKind.List)
        {
            return tools.AsList.AsSpan().ToArray()
                .Select(t => t.Kind == ValueKind.String ? t.AsString : AgentValues.StringField(t, "name"))
                .OfType<string>().ToList();
        }

        return [];
    }

    /// <summary>Where <paramref name="policy"/> reaches past <paramref name="ceiling"/>, one message each.</summary>
    private static IEnumerable<string> Exceeds(Value policy, IReadOnlyList<string> tools, Value ceiling)
    {
        if (ceiling.Kind != ValueKind.Dict)
        {
            yield break;
        }

        if (AgentValues.Field(ceiling, "tools") is { Kind: ValueKind.List } allowed)
        {
            var names = AgentValues.Strings(allowed);
            foreach (var tool in tools.Where(t => !names.Contains(t)))
            {
                yield return $"tool '{tool}'";
            }
        }

        var ceilingCaps = AgentValues.Field(ceiling, "capabilities");
        if (AgentValues.Field(policy, "capabilities") is { Kind: ValueKind.Dict } caps && ceilingCaps.Kind == ValueKind.Dict)
        {
            foreach (var (capability, ops) in caps.AsDict)
            {
                var permitted = AgentValues.Strings(AgentValues.Field(ceilingCaps, capability));
                foreach (var op in AgentValues.Strings(ops).Where(op => !permitted.Contains(op)))
                {
                    yield return $"capability {capability}.{op}";
                }
            }
        }

        var level = AgentValues.StringField(policy, "side_effect_level");
        var maxLevel = AgentValues.StringField(ceiling, "side_effect_level");
        if (level is not null && maxLevel is not null && SideEffectRank(level) > SideEffectRank(maxLevel))
        {
            yield return $"side_effect_level {level} (max {maxLevel})";
        }
    }

    public static Value Validate(Value graph, Value ceiling)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        var ids = Nodes(graph).Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var entry = AgentValues.StringField(graph, "entry");
        if (entry is null)
        {
            errors.Add("workflow has no entry node");
        }
        else if (!ids.Contains(entry))
        {
            errors.Add($"entry node {entry} does not exist");
        }

        foreach (var edge in Edges(graph))
        {
            foreach (var end in new[] { "from", "to" })
            {
                var id = AgentValues.StringField(edge, end)!;
                if (!ids.Contains(id))
                {
                    errors.Add($"edge {AgentValues.StringField(edge, "from")} -> {AgentValues.StringField(edge, "to")} references unknown node {id}");
                }
            }
        }

        var workflowPolicy = AgentValues.Field(graph, "capability_policy");
        foreach (var (id, node) in Nodes(graph))
        {
            var kind = AgentValues.StringField(node, "kind") ?? "stage";
            if (!NodeKinds.Contains(kind))
            {
                errors.Add($"node {id} has unknown kind {kind}");
            }

            if (kind == "condition")
            {
                var branches = Edges(graph).Where(e => AgentValues.StringField(e, "from") == id).Select(e => AgentValues.StringField(e, "branch")).ToList();
                if (branches.Count > 0 && (!branches.Contains("true") || !branches.Contains("false")))
                {
                    warnings.Add($"condition node {id} should have both true and false branches");
                }
            }

            var tools = ToolNames(AgentValues.Field(node, "tools"));
            var policy = AgentValues.Field(node, "capability_policy");
            if (AgentValues.Field(workflowPolicy, "capabilities").Kind == ValueKind.Dict || AgentValues.StringField(workflowPolicy, "side_effect_level") is not null)
            {
                foreach (var excess in Exceeds(policy, [], workflowPolicy))
                {
                    errors.Add($"node {id}: {excess} exceeds the workflow capability policy");
                }
            }

            var effective = MergePolicies(workflowPolicy, policy);
            foreach (var excess in Exceeds(effective, tools, ceiling))
            {
                errors.Add($"node {id}: {excess} exceeds the host ceiling");
            }
        }

        if (entry is not null && ids.Contains(entry))
        {
            var reachable = Reachable(graph, entry);
            foreach (var id in ids.Where(i => !reachable.Contains(i)))
            {
                warnings.Add($"node {id} is unreachable from entry {entry}");
            }
        }

        return AgentValues.Dict(
            ("valid", Rec.B(errors.Count == 0)),
            ("errors", Rec.Strings(errors)),
            ("warnings", Rec.Strings(warnings)),
            ("reachable_nodes", entry is not null && ids.Contains(entry) ? Rec.Strings(Reachable(graph, entry).Order(StringComparer.Ordinal)) : Rec.L([])));
    }

    private static HashSet<string> Reachable(Value graph, string entry)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { entry };
        var queue = new Queue<string>([entry]);
        while (queue.Count > 0)
        {
            var id = queue.Dequeue();
            foreach (var edge in Edges(graph).Where(e => AgentValues.StringField(e, "from") == id))
            {
                var to = AgentValues.StringField(edge, "to")!;
                if (seen.Add(to))
                {
                    queue.Enqueue(to);
                }
            }
        }

        return seen;
    }

    /// <summary>The node policy over the workflow policy: node fields win, capabilities merge per capability.</summary>
    public static Value MergePolicies(Value outer, Value inner)
    {
        var rec = new Rec(outer);
        if (inner.Kind == ValueKind.Dict)
        {
            foreach (var (key, value) in inner.AsDict)
            {
                rec[key] = value;
            }
        }

        return rec.ToValue();
    }

    private static Value PolicyReport(Value graph, Value ceiling)
    {
        var workflowPolicy = AgentValues.Field(graph, "capability_policy");
        var nodes = Nodes(graph).Select(n => AgentValues.Dict(
            ("node_id", Rec.S(n.Id)),
            ("kind", AgentValues.Field(n.Node, "kind")),
            ("tools", Rec.Strings(ToolNames(AgentValues.Field(n.Node, "tools")))),
            ("capability_policy", AgentValues.Field(n.Node, "capability_policy")),
            ("effective_policy", MergePolicies(workflowPolicy, AgentValues.Field(n.Node, "capability_policy")))));
        return AgentValues.Dict(
            ("workflow_id", AgentValues.Field(graph, "id")),
            ("workflow_policy", workflowPolicy),
            ("ceiling", ceiling),
            ("nodes", Rec.L(nodes)),
            ("validation", Validate(graph, ceiling)));
    }

    /// <summary>A new version of the graph with an audit entry; node values are carried over untouched.</summary>
    private static Value Commit(Value graph, Value reason)
    {
        var version = AgentValues.IntField(graph, "version", 1) + 1;
        var audit = AgentValues.ListField(graph, "audit_log").AsSpan().ToArray().ToList();
        audit.Add(AgentValues.Dict(
            ("op", Rec.S("commit")),
            ("version", Rec.I(version)),
            ("reason", reason.IsNil ? Value.Nil : Rec.S(AgentValues.Text(reason))),
            ("timestamp", Rec.S(Rec.Now()))));
        var validation = Validate(graph, Value.Nil);
        if (!Rec.Truthy(validation, "valid"))
        {
            throw RuntimeErrors.Thrown("workflow_commit: graph is invalid: " + string.Join("; ", AgentValues.Strings(AgentValues.Field(validation, "errors"))));
        }

        return Value.FromDict(graph.AsDict.With("version", Rec.I(version)).With("audit_log", Rec.L(audit)));
    }

    private static Value Inspect(Value graph) => AgentValues.Dict(
        ("id", AgentValues.Field(graph, "id")),
        ("name", AgentValues.Field(graph, "name")),
        ("version", AgentValues.Field(graph, "version")),
        ("entry", AgentValues.Field(graph, "entry")),
        ("node_count", Rec.I(Nodes(graph).Count())),
        ("edge_count", Rec.I(Edges(graph).Count())),
        ("nodes", Rec.Strings(Nodes(graph).Select(n => n.Id))),
        ("validation", Validate(graph, Value.Nil)));
}
