using System.Text.RegularExpressions;
using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Workflows;

/// <summary>
/// Friction events (repeated queries, manual lookups, ... that slowed work down), kept in
/// memory per run with secrets redacted, and the context packs they suggest: a group of
/// events recurring at least <c>min_occurrences</c> times becomes a suggested
/// <c>context_pack_manifest</c> with its queries, secrets, capabilities and output slots.
/// </summary>
internal static partial class Friction
{
    private static readonly RunLocal<List<Value>> Sinks = new(() => []);

    private static readonly string[] SecretKeys = ["api_key", "apikey", "token", "access_token", "secret", "password", "passwd", "authorization", "auth", "private_key", "client_secret", "cookie"];

    [GeneratedRegex(@"(?i)\b(token|api[_-]?key|secret|password|passwd|authorization|bearer)(\s*[=:]\s*|\s+)([^\s,;&]+)")]
    private static partial Regex SecretAssignment();

    [GeneratedRegex(@"\b(sk|pk|ghp|gho|xox[abp])[-_][A-Za-z0-9_-]{6,}")]
    private static partial Regex SecretToken();

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("friction_record", (ctx, args) => Record(ctx, Args.Dict(args, 0, "friction_record"), Args.At(args, 1)));
        registry.Register("friction_events", (ctx, _) => Rec.L(Sinks.Get(ctx).ToList()));
        registry.Register("friction_clear", (ctx, _) =>
        {
            Sinks.Get(ctx).Clear();
            return Value.Nil;
        });
        registry.Register("context_pack_manifest", (_, args) => Manifest(Args.Dict(args, 0, "context_pack_manifest")));
        registry.Register("context_pack_suggestions", (_, args) => Rec.L(Suggestions(Args.List(args, 0, "context_pack_suggestions"), Args.At(args, 1))));
        registry.Register("friction_eval_fixture", (_, args) => EvalFixture(Args.Dict(args, 0, "friction_eval_fixture")));
    }

    public static string Redact(string text) =>
        SecretToken().Replace(SecretAssignment().Replace(text, m => m.Groups[1].Value + m.Groups[2].Value + "[redacted]"), "[redacted]");

    private static Value RedactValue(string? key, Value value)
    {
        if (key is not null && SecretKeys.Contains(key.ToLowerInvariant()))
        {
            return Rec.S("[redacted]");
        }

        return value.Kind switch
        {
            ValueKind.String => Rec.S(Redact(value.AsString)),
            ValueKind.Dict => Value.FromDict(HarnDict.FromEntries(value.AsDict.Select(e => new KeyValuePair<string, Value>(e.Key, RedactValue(e.Key, e.Value))))),
            ValueKind.List => Rec.L(value.AsList.AsSpan().ToArray().Select(v => RedactValue(null, v))),
            _ => value,
        };
    }

    private static Value Record(BuiltinContext context, HarnDict input, Value options)
    {
        if (AgentValues.Field(options, "enabled") is { Kind: ValueKind.Bool } enabled && !enabled.AsBool)
        {
            return AgentValues.Dict(("recorded", Rec.B(false)), ("sink", Value.Nil), ("event", Value.Nil));
        }

        var raw = Value.FromDict(input);
        if (AgentValues.StringField(raw, "kind") is null)
        {
            throw RuntimeErrors.Thrown("friction_record: the event needs a `kind`");
        }

        var ev = new Rec(RedactValue(null, raw));
        ev.Default("id", Rec.S(Rec.NewId("friction")));
        foreach (var key in new[] { "source", "actor", "tool", "provider", "redacted_summary", "estimated_time_ms", "estimated_cost_usd" })
        {
            ev.Default(key, Value.Nil);
        }

        ev.Default("recurrence_hints", Rec.L([]));
        ev.Default("metadata", Value.FromDict(HarnDict.Empty));
        ev.Default("recorded_at", Rec.S(Rec.Now()));
        var stored = ev.ToValue();
        var sink = Sinks.Get(context);
        sink.Add(stored);
        return AgentValues.Dict(("recorded", Rec.B(true)), ("sink", Rec.S("memory")), ("event", stored));
    }

    /// <summary>A lower-case identifier from a name: runs of other characters become one underscore.</summary>
    private static string Slug(string name) => NonWord().Replace(name.ToLowerInvariant(), "_").Trim('_');

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonWord();

    public static Value Manifest(HarnDict input)
    {
        var rec = new Rec(Value.FromDict(input));
        var name = rec.Str("name") ?? throw RuntimeErrors.Thrown("context_pack_manifest: the manifest needs a `name`");
        rec["_type"] = Rec.S("context_pack_manifest");
        rec.Default("id", Rec.S(Slug(name)));
        rec.Default("version", Rec.I(1));
        rec.Default("owner", Value.Nil);
        rec.Default("description", Value.Nil);
        foreach (var key in new[] { "triggers", "included_queries", "secrets", "capabilities", "output_slots" })
        {
            rec.Default(key, Rec.L([]));
        }

        rec.Default("refresh_policy", AgentValues.Dict(("mode", Rec.S("on_demand"))));
        return rec.ToValue();
    }

    private static double Number(Value ev, string key) => AgentValues.Field(ev, key) is { IsNumber: true } n ? n.AsNumber : 0;

    /// <summary>Events grouped by kind, source and what recurs (a recurrence hint, else the query, else the tool).</summary>
    public static List<Value> Suggestions(HarnList events, Value options)
    {
        var minimum = AgentValues.IntField(options, "min_occurrences", 2);
        var groups = events.AsSpan().ToArray()
            .Where(e => e.Kind == ValueKind.Dict)
            .GroupBy(e =>
            {
                var meta = AgentValues.Field(e, "metadata");
                var hint = AgentValues.Strings(AgentValues.Field(e, "recurrence_hints")).FirstOrDefault()
                           ?? AgentValues.StringField(meta, "query") ?? AgentValues.StringField(e, "tool") ?? "";
                return (AgentValues.StringField(e, "kind") ?? "", AgentValues.StringField(e, "source") ?? "", hint);
            })
            .Where(g => g.Count() >= minimum);
        var suggestions = new List<Value>();
        foreach (var group in groups)
        {
            var (kind, source, hint) = group.Key;
            var items = group.ToList();
            var metas = items.Select(e => AgentValues.Field(e, "metadata")).ToList();
            string? First(string key) => metas.Select(m => AgentValues.StringField(m, key)).FirstOrDefault(v => v is not null);
            var capability = First("capability");
            var slot = First("output_slot");
            var secret = First("secret_ref");
            var query = First("query");
            var provider = items.Select(e => AgentValues.StringField(e, "provider")).FirstOrDefault(v => v is not null);
            var title = $"Context pack: {(hint.Length > 0 ? hint : kind)}";
            var manifest = new Rec
            {
                ["name"] = Rec.S(title),
                ["owner"] = AgentValues.Field(options, "owner"),
                ["description"] = Rec.S($"Recurring {kind} friction from {source}"),
                ["triggers"] = Rec.L([AgentValues.Dict(("kind", Rec.S(kind)), ("source", Rec.S(source)))]),
                ["included_queries"] = query is null ? Rec.L([]) : Rec.L([AgentValues.Dict(("id", Rec.S(slot ?? "query")), ("provider", Rec.S(provider)), ("query", Rec.S(query)))]),
                ["secrets"] = secret is null ? Rec.L([]) : Rec.L([AgentValues.Dict(("name", Rec.S(secret)), ("capability", Rec.S(capability)), ("required", Rec.B(true)))]),
                ["capabilities"] = capability is null ? Rec.L([]) : Rec.Strings([capability]),
                ["output_slots"] = slot is null ? Rec.L([]) : Rec.L([AgentValues.Dict(("name", Rec.S(slot)), ("artifact_kind", Rec.S("context")))]),
            };
            // Every occurrence after the first is what a prepared context pack would have saved.
            var repeats = items.Skip(1).ToList();
            suggestions.Add(AgentValues.Dict(
                ("id", Rec.S("suggestion_" + Slug($"{kind} {source} {hint}"))),
                ("title", Rec.S(title)),
                ("kind", Rec.S(kind)),
                ("source", Rec.S(source)),
                ("recommended_artifact", Rec.S(kind is "repeated_query" or "missing_context" or "manual_lookup" ? "context_pack" : "runbook")),
                ("occurrences", Rec.I(items.Count)),
                ("event_ids", Rec.L(items.Select(e => AgentValues.Field(e, "id")))),
                ("estimated_savings", AgentValues.Dict(
                    ("estimated_time_saved_ms", Rec.I((long)repeats.Sum(e => Number(e, "estimated_time_ms")))),
                    ("estimated_cost_saved_usd", Value.FromFloat(repeats.Sum(e => Number(e, "estimated_cost_usd")))))),
                ("candidate_manifest", Manifest(manifest.ToValue().AsDict))));
        }

        return suggestions;
    }

    private static Value EvalFixture(HarnDict input)
    {
        var fixture = Value.FromDict(input);
        var events = AgentValues.ListField(fixture, "events");
        var suggestions = Suggestions(events, AgentValues.Field(fixture, "options"));
        var failures = new List<string>();
        foreach (var expected in AgentValues.ListField(fixture, "expected_suggestions"))
        {
            var minimum = AgentValues.IntField(expected, "min_suggestions", 1);
            var matching = suggestions.Where(s =>
                (AgentValues.StringField(expected, "recommended_artifact") is not { } artifact || AgentValues.StringField(s, "recommended_artifact") == artifact)
                && (AgentValues.StringField(expected, "title_contains") is not { } needle || (AgentValues.StringField(s, "title") ?? "").Contains(needle, StringComparison.OrdinalIgnoreCase))
                && (AgentValues.StringField(expected, "required_capability") is not { } capability
                    || AgentValues.Strings(AgentValues.Field(AgentValues.Field(s, "candidate_manifest"), "capabilities")).Contains(capability))
                && (AgentValues.StringField(expected, "required_output_slot") is not { } slot
                    || AgentValues.ListField(AgentValues.Field(s, "candidate_manifest"), "output_slots").AsSpan().ToArray().Any(o => AgentValues.StringField(o, "name") == slot))).Count();
            if (matching < minimum)
            {
                failures.Add($"expected at least {minimum} matching suggestion(s), found {matching}");
            }
        }

        return AgentValues.Dict(
            ("pass", Rec.B(failures.Count == 0)),
            ("suggestion_count", Rec.I(suggestions.Count)),
            ("failures", Rec.Strings(failures)),
            ("suggestions", Rec.L(suggestions)));
    }
}
