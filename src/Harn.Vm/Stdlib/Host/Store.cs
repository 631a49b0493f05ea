using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>
/// The persistent key-value store (<c>store_*</c>, <c>.harn/store.json</c>) and pipeline checkpoints
/// (<c>checkpoint*</c>, <c>.harn/checkpoints/&lt;pipeline&gt;.json</c>). Each run reads its file once, keeps the
/// values in memory and writes every change through to disk.
/// </summary>
internal static class Store
{
    private sealed class Document(string path)
    {
        public string Path { get; } = path;

        public HarnDict Values { get; set; } = StateRoot.Load(path);
    }

    private sealed class Documents
    {
        public Document? Store { get; set; }

        public Document? Checkpoints { get; set; }
    }

    private static readonly RunLocal<Documents> State = new(() => new Documents());

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("store_get", (ctx, args) => StoreOf(ctx).Values.Get(Args.String(args, 0, "store_get"), Value.Nil));
        registry.Register("store_set", (ctx, args) => Set(ctx, StoreOf(ctx), Args.String(args, 0, "store_set"), Args.At(args, 1)));
        registry.Register("store_delete", (ctx, args) => Delete(ctx, StoreOf(ctx), Args.String(args, 0, "store_delete")));
        registry.Register("store_list", (ctx, _) => Keys(StoreOf(ctx)));
        registry.Register("store_clear", (ctx, _) => Update(ctx, StoreOf(ctx), _ => HarnDict.Empty));
        registry.Register("store_save", (ctx, _) => Update(ctx, StoreOf(ctx), d => d));
        registry.Register("checkpoint", (ctx, args) => Set(ctx, CheckpointsOf(ctx), Args.String(args, 0, "checkpoint"), Args.At(args, 1)));
        registry.Register("checkpoint_get", (ctx, args) => CheckpointsOf(ctx).Values.Get(Args.String(args, 0, "checkpoint_get"), Value.Nil));
        registry.Register("checkpoint_exists", (ctx, args) => Value.FromBool(CheckpointsOf(ctx).Values.ContainsKey(Args.String(args, 0, "checkpoint_exists"))));
        registry.Register("checkpoint_delete", (ctx, args) => Delete(ctx, CheckpointsOf(ctx), Args.String(args, 0, "checkpoint_delete")));
        registry.Register("checkpoint_clear", (ctx, _) => Update(ctx, CheckpointsOf(ctx), _ => HarnDict.Empty));
        registry.Register("checkpoint_list", (ctx, _) => Keys(CheckpointsOf(ctx)));
    }

    private static Document StoreOf(BuiltinContext context)
    {
        var documents = State.Get(context);
        return documents.Store ??= new Document(Path.Combine(StateRoot.Directory(context), "store.json"));
    }

    private static Document CheckpointsOf(BuiltinContext context)
    {
        var documents = State.Get(context);
        return documents.Checkpoints ??= new Document(Path.Combine(StateRoot.Directory(context), "checkpoints", CheckpointFileName(context.PipelineName)));
    }

    /// <summary><c>&lt;pipeline&gt;.json</c>; a name that is not a plain file name falls back to <c>default</c>.</summary>
    public static string CheckpointFileName(string? pipelineName) =>
        (pipelineName is { Length: > 0 } name && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 && name is not ("." or "..") ? name : "default") + ".json";

    private static Value Keys(Document document) => HostValues.Strings(document.Values.Keys.ToArray());

    private static Value Set(BuiltinContext context, Document document, string key, Value value) => Update(context, document, d => d.With(key, value));

    private static Value Delete(BuiltinContext context, Document document, string key) => Update(context, document, d => d.Without(key));

    private static Value Update(BuiltinContext context, Document document, Func<HarnDict, HarnDict> change)
    {
        document.Values = change(document.Values);
        StateRoot.Save(document.Path, document.Values, context.CancellationToken);
        return Value.Nil;
    }
}
