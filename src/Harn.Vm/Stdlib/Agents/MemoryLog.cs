using System.Globalization;
using System.Text;
using Harn.Runtime;
using Harn.Stdlib.Host;

namespace Harn.Stdlib.Agents;

/// <summary>
/// The durable memory log (<c>std/memory</c>): <c>memory_store</c>, <c>memory_recall</c>,
/// <c>memory_summarize</c>, <c>memory_forget</c> over append-only JSONL at
/// <c>&lt;root&gt;/&lt;namespace&gt;/events.jsonl</c> (root <c>.harn/memory</c> unless <c>options.root</c>).
/// The live records are the latest store per key not forgotten since; recall ranks them by how
/// many query words their key, text and tags contain.
/// </summary>
internal static class MemoryLog
{
    private const string DefaultRoot = ".harn/memory";

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("memory_store", (_, args) =>
        {
            var ns = Args.String(args, 0, "memory_store");
            var key = Args.String(args, 1, "memory_store");
            var value = Args.At(args, 2);
            var options = Args.At(args, 4);
            var record = HarnDict.Empty
                .With("_type", AgentValues.Str("memory_record"))
                .With("id", AgentValues.Str(AgentIds.NewUuid()))
                .With("namespace", AgentValues.Str(ns))
                .With("key", AgentValues.Str(key))
                .With("value", value)
                .With("text", AgentValues.Str(TextOf(value)))
                .With("tags", AgentValues.List(AgentValues.Strings(Args.At(args, 3)).Select(AgentValues.Str)))
                .With("stored_at", AgentValues.Str(Now(options)));
            if (AgentValues.Field(options, "provenance") is { Kind: ValueKind.Dict } provenance)
            {
                record = record.With("provenance", provenance);
            }

            Append(ns, options, AgentValues.Dict(("op", AgentValues.Str("store")), ("record", Value.FromDict(record))));
            return Value.FromDict(record);
        });
        registry.Register("memory_recall", (_, args) =>
        {
            var ns = Args.String(args, 0, "memory_recall");
            var words = Words(Args.At(args, 1) is { Kind: ValueKind.String } query ? query.AsString : "");
            var limit = Args.At(args, 2).IsNil ? 10 : Args.Int(args, 2, "memory_recall");
            var scored = Live(ns, Args.At(args, 3))
                .Select(r => (Record: r, Score: Score(r, words)))
                .Where(s => s.Score > 0)
                .OrderByDescending(s => s.Score)
                .ThenByDescending(s => AgentValues.StringField(s.Record, "stored_at"), StringComparer.Ordinal)
                .Take((int)Math.Clamp(limit, 0, int.MaxValue));
            return AgentValues.List(scored.Select(s => Value.FromDict(s.Record.With("score", Value.FromFloat(s.Score)))));
        });
        registry.Register("memory_summarize", (_, args) =>
        {
            var ns = Args.String(args, 0, "memory_summarize");
            var limit = AgentValues.IntField(Args.At(args, 1), "limit", long.MaxValue);
            var records = Live(ns, Args.At(args, 2))
                .OrderByDescending(r => AgentValues.StringField(r, "stored_at"), StringComparer.Ordinal)
                .Take((int)Math.Clamp(limit, 0, int.MaxValue))
                .ToList();
            var text = string.Join("\n", records.Select(r => $"- {AgentValues.StringField(r, "key")}: {AgentValues.StringField(r, "text")}"));
            return AgentValues.Dict(
                ("_type", AgentValues.Str("memory_summary")),
                ("count", Value.FromInt(records.Count)),
                ("text", AgentValues.Str(text)),
                ("records", AgentValues.List(records.Select(Value.FromDict))));
        });
        registry.Register("memory_forget", (_, args) =>
        {
            var ns = Args.String(args, 0, "memory_forget");
            var selector = Args.At(args, 1);
            var options = Args.At(args, 2);
            var ids = Live(ns, options).Where(r => Selected(r, selector)).Select(r => AgentValues.Field(r, "id")).ToList();
            if (ids.Count > 0)
            {
                Append(ns, options, AgentValues.Dict(("op", AgentValues.Str("forget")), ("ids", AgentValues.List(ids)), ("at", AgentValues.Str(Now(options)))));
            }

            return AgentValues.Dict(("_type", AgentValues.Str("memory_forget")), ("forgotten", Value.FromInt(ids.Count)));
        });
    }

    private static bool Selected(HarnDict record, Value selector) => selector.Kind switch
    {
        ValueKind.String => AgentValues.StringField(record, "key") == selector.AsString,
        ValueKind.Dict =>
            (AgentValues.StringField(selector, "key") is not { } key || AgentValues.StringField(record, "key") == key)
            && (AgentValues.StringField(selector, "id") is not { } id || AgentValues.StringField(record, "id") == id)
            && (AgentValues.StringField(selector, "tag") is not { } tag || AgentValues.Strings(AgentValues.Field(record, "tags")).Contains(tag)),
        _ => false,
    };

    private static double Score(HarnDict record, IReadOnlyList<string> words)
    {
        var haystack = Words(string.Join(' ', [AgentValues.StringField(record, "key") ?? "", AgentValues.StringField(record, "text") ?? "", .. AgentValues.Strings(AgentValues.Field(record, "tags"))]))
            .ToHashSet(StringComparer.Ordinal);
        return words.Count == 0 ? 0 : (double)words.Count(haystack.Contains) / words.Count;
    }

    private static IReadOnlyList<string> Words(string text) =>
        new string(text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();

    private static string TextOf(Value value) =>
        AgentValues.StringField(value, "text") ?? (value.Kind == ValueKind.String ? value.AsString : AgentValues.Text(value));

    private static string Now(Value options) =>
        AgentValues.StringField(options, "now") ?? DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The records stored and not forgotten, latest store per key.</summary>
    private static IReadOnlyList<HarnDict> Live(string ns, Value options)
    {
        var path = LogPath(ns, options);
        if (!File.Exists(path))
        {
            return [];
        }

        var byKey = new Dictionary<string, HarnDict>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            if (!JsonConversion.TryParse(line, out var entry))
            {
                continue;
            }

            switch (AgentValues.StringField(entry, "op"))
            {
                case "store" when AgentValues.Field(entry, "record") is { Kind: ValueKind.Dict } record:
                    byKey[AgentValues.StringField(record, "key") ?? ""] = record.AsDict;
                    break;
                case "forget":
                    var forgotten = AgentValues.Strings(AgentValues.Field(entry, "ids")).ToHashSet(StringComparer.Ordinal);
                    foreach (var key in byKey.Where(p => forgotten.Contains(AgentValues.StringField(p.Value, "id") ?? "")).Select(p => p.Key).ToList())
                    {
                        byKey.Remove(key);
                    }

                    break;
            }
        }

        return byKey.Values.ToList();
    }

    private static void Append(string ns, Value options, Value entry)
    {
        var path = LogPath(ns, options);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.AppendAllText(path, JsonConversion.Stringify(entry) + "\n", Encoding.UTF8);
    }

    private static string LogPath(string ns, Value options)
    {
        var parts = ns.Replace('\\', '/').Split('/');
        if (ns.Length == 0 || parts.Any(p => p is "" or "." or ".."))
        {
            throw RuntimeErrors.Thrown($"memory: namespace '{ns}' must be a relative name like \"agent/customer\"");
        }

        return Path.Combine([HostPaths.Full(AgentValues.StringField(options, "root") ?? DefaultRoot), .. parts, "events.jsonl"]);
    }
}
