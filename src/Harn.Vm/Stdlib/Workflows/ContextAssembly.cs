using System.Security.Cryptography;
using System.Text;
using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Workflows;

/// <summary>
/// <c>assemble_context(options)</c>: packs artifacts into a token budget. Artifacts larger than
/// <c>microcompact_threshold</c> tokens are split into chunks (paragraphs, then lines); chunks
/// get content-addressed ids, duplicates are dropped (<c>dedup</c>), the rest are ordered by
/// <c>strategy</c> (<c>recency</c>, <c>relevance</c> to <c>query</c> or a <c>ranker_callback</c>,
/// <c>round_robin</c> across artifacts) and taken while they fit. Every decision is reported.
/// </summary>
internal static class ContextAssembly
{
    private sealed record Chunk(string Id, Value Artifact, int Index, string Text, long Tokens)
    {
        public double Score { get; set; }

        public string ArtifactId => AgentValues.StringField(Artifact, "id") ?? "";

        public Value ToValue() => AgentValues.Dict(
            ("id", Rec.S(Id)),
            ("artifact_id", Rec.S(ArtifactId)),
            ("artifact_kind", AgentValues.Field(Artifact, "kind")),
            ("title", AgentValues.Field(Artifact, "title")),
            ("index", Rec.I(Index)),
            ("text", Rec.S(Text)),
            ("estimated_tokens", Rec.I(Tokens)),
            ("score", Value.FromFloat(Score)));
    }

    public static void Register(BuiltinRegistry registry) =>
        registry.Register("assemble_context", (ctx, args) => Assemble(ctx, Args.Dict(args, 0, "assemble_context")));

    private static Value Assemble(BuiltinContext context, HarnDict input)
    {
        var options = Value.FromDict(input);
        var artifacts = AgentValues.Field(options, "artifacts") is { Kind: ValueKind.List } list
            ? list.AsList.AsSpan().ToArray().Select(Artifacts.Normalize).ToList()
            : throw RuntimeErrors.Type("assemble_context: `artifacts` must be a list of artifacts");
        var budget = AgentValues.IntField(options, "budget_tokens", long.MaxValue);
        var dedup = AgentValues.StringField(options, "dedup") ?? "chunked";
        var strategy = AgentValues.StringField(options, "strategy") ?? "recency";
        var query = AgentValues.StringField(options, "query") ?? "";
        var threshold = AgentValues.IntField(options, "microcompact_threshold", long.MaxValue);
        if (strategy is not ("recency" or "relevance" or "round_robin"))
        {
            throw RuntimeErrors.Thrown($"assemble_context: unknown strategy \"{strategy}\"; expected recency, relevance or round_robin");
        }

        var perArtifact = artifacts.Select(a => Split(a, threshold)).ToList();
        var dropped = new List<Value>();
        var reasons = new List<Value>();
        if (dedup != "none")
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var chunks in perArtifact)
            {
                foreach (var chunk in chunks.ToList().Where(c => !seen.Add(Normalize(c.Text))))
                {
                    chunks.Remove(chunk);
                    dropped.Add(Decision(chunk, strategy, false, "duplicate"));
                    reasons.Add(Decision(chunk, strategy, false, "duplicate"));
                }
            }
        }

        var ordered = Order(context, options, perArtifact, strategy, query);
        var selected = new List<Chunk>();
        long total = 0;
        foreach (var chunk in ordered)
        {
            if (total + chunk.Tokens > budget)
            {
                dropped.Add(Decision(chunk, strategy, false, "budget_exceeded"));
                reasons.Add(Decision(chunk, strategy, false, "budget_exceeded"));
                continue;
            }

            total += chunk.Tokens;
            selected.Add(chunk);
            reasons.Add(Decision(chunk, strategy, true, "selected"));
        }

        // Included decisions first, in packing order, so reasons[0] explains the first chunk.
        reasons = reasons.OrderByDescending(r => Rec.Truthy(r, "included")).ToList();
        return AgentValues.Dict(
            ("budget_tokens", AgentValues.Field(options, "budget_tokens")),
            ("total_tokens", Rec.I(total)),
            ("strategy", Rec.S(strategy)),
            ("dedup", Rec.S(dedup)),
            ("query", Rec.S(query)),
            ("chunks", Rec.L(selected.Select(c => c.ToValue()))),
            ("dropped", Rec.L(dropped)),
            ("reasons", Rec.L(reasons)),
            ("text", Rec.S(string.Join("\n\n", selected.Select(c => c.Text)))));
    }

    private static Value Decision(Chunk chunk, string strategy, bool included, string reason) => AgentValues.Dict(
        ("chunk_id", Rec.S(chunk.Id)),
        ("artifact_id", Rec.S(chunk.ArtifactId)),
        ("strategy", Rec.S(strategy)),
        ("included", Rec.B(included)),
        ("reason", Rec.S(reason)),
        ("score", Value.FromFloat(chunk.Score)),
        ("estimated_tokens", Rec.I(chunk.Tokens)));

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The chunks of one artifact: whole when within the threshold, else paragraphs, then lines.</summary>
    private static List<Chunk> Split(Value artifact, long threshold)
    {
        var text = AgentValues.StringField(artifact, "text") ?? AgentValues.Text(AgentValues.Field(artifact, "data"));
        var pieces = new List<string>();
        if (Artifacts.EstimateTokens(text) <= threshold)
        {
            pieces.Add(text);
        }
        else
        {
            foreach (var paragraph in text.Split("\n\n").Select(p => p.Trim('\n')).Where(p => p.Length > 0))
            {
                if (Artifacts.EstimateTokens(paragraph) <= threshold)
                {
                    pieces.Add(paragraph);
                }
                else
                {
                    pieces.AddRange(paragraph.Split('\n').Where(l => l.Trim().Length > 0));
                }
            }
        }

        return pieces.Select((piece, index) => new Chunk(ChunkId(piece), artifact, index, piece, Artifacts.EstimateTokens(piece))).ToList();
    }

    private static string ChunkId(string text) =>
        "chunk_" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(text))))[..16].ToLowerInvariant();

    private static List<Chunk> Order(BuiltinContext context, Value options, List<List<Chunk>> perArtifact, string strategy, string query)
    {
        var all = perArtifact.SelectMany(c => c).ToList();
        switch (strategy)
        {
            case "round_robin":
                {
                    var result = new List<Chunk>();
                    for (var i = 0; result.Count < all.Count; i++)
                    {
                        result.AddRange(perArtifact.Where(c => i < c.Count).Select(c => c[i]));
                    }

                    return result;
                }

            case "relevance":
                {
                    var ranker = AgentValues.Field(options, "ranker_callback");
                    if (Args.IsCallable(ranker))
                    {
                        var scores = context.Invoke(ranker, [Rec.S(query), Rec.L(all.Select(c => c.ToValue()))]);
                        if (scores.Kind != ValueKind.List || scores.AsList.Count != all.Count)
                        {
                            throw RuntimeErrors.Thrown("assemble_context: ranker_callback must return one number per chunk");
                        }

                        for (var i = 0; i < all.Count; i++)
                        {
                            all[i].Score = scores.AsList[i].IsNumber ? scores.AsList[i].AsNumber : 0;
                        }
                    }
                    else
                    {
                        var terms = Terms(query);
                        foreach (var chunk in all)
                        {
                            chunk.Score = terms.Count == 0 ? 0 : (double)terms.Count(Terms(chunk.Text).Contains) / terms.Count;
                        }
                    }

                    return all.Select((c, i) => (c, i)).OrderByDescending(x => x.c.Score).ThenBy(x => x.i).Select(x => x.c).ToList();
                }

            default:
                // Newest artifact first; chunks of one artifact keep their order.
                return perArtifact
                    .Select((chunks, i) => (chunks, i))
                    .OrderByDescending(x => x.chunks.Count > 0 ? AgentValues.StringField(x.chunks[0].Artifact, "created_at") ?? "" : "", StringComparer.Ordinal)
                    .ThenBy(x => x.i)
                    .SelectMany(x => x.chunks)
                    .ToList();
        }
    }

    private static HashSet<string> Terms(string text) =>
        System.Text.RegularExpressions.Regex.Split(text.ToLowerInvariant(), @"[^\p{L}\p{Nd}]+").Where(t => t.Length > 1).ToHashSet(StringComparer.Ordinal);
}
