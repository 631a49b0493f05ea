using System.Security.Cryptography;
using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>
/// Hierarchical project metadata: per directory (relative to the working directory, <c>.</c> for the
/// root) and namespace, a dict; a directory inherits its ancestors' values. Shards live in
/// <c>.harn/metadata/&lt;namespace&gt;/entries.json</c>; content hashes in <c>.harn/metadata/hashes.json</c>.
/// A directory is stale in tier 1 when a namespace records a <c>structureHash</c> other than its
/// current content hash, and in tier 2 when its recorded content hash no longer matches.
/// </summary>
internal static class Metadata
{
    private sealed class Shards
    {
        /// <summary>namespace → (directory → dict).</summary>
        public SortedDictionary<string, HarnDict> Namespaces { get; } = new(StringComparer.Ordinal);

        public HarnDict Hashes { get; set; } = HarnDict.Empty;

        public string Root { get; init; } = string.Empty;
    }

    private static readonly RunLocal<Dictionary<string, Shards>> Loaded = new(() => new Dictionary<string, Shards>());

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("metadata_get", (ctx, args) => Resolve(ctx, args, "metadata_get"));
        registry.Register("metadata_resolve", (ctx, args) => Resolve(ctx, args, "metadata_resolve"));
        registry.Register("metadata_set", Set);
        registry.Register("metadata_entries", Entries);
        registry.Register("metadata_status", Status);
        registry.Register("metadata_stale", (ctx, _) => Stale(ctx, Of(ctx)));
        registry.Register("metadata_save", (ctx, _) => Save(ctx, Of(ctx)));
        registry.Register("metadata_refresh_hashes", RefreshHashes);
        registry.Register("compute_content_hash", (_, args) => Value.FromString(ContentHash(Args.OptionalString(args, 0, "compute_content_hash", "."))));
        registry.Register("invalidate_facts", InvalidateFacts);
    }

    private static string Folder(BuiltinContext context) => Path.Combine(StateRoot.Directory(context), "metadata");

    private static Shards Of(BuiltinContext context)
    {
        var folder = Folder(context);
        var cache = Loaded.Get(context);
        if (cache.TryGetValue(folder, out var shards))
        {
            return shards;
        }

        shards = new Shards { Root = folder };
        if (Directory.Exists(folder))
        {
            foreach (var directory in Directory.EnumerateDirectories(folder))
            {
                shards.Namespaces[Path.GetFileName(directory)] = StateRoot.Load(Path.Combine(directory, "entries.json"));
            }

            shards.Hashes = StateRoot.Load(Path.Combine(folder, "hashes.json"));
        }

        cache[folder] = shards;
        return shards;
    }

    private static Value Save(BuiltinContext context, Shards shards)
    {
        foreach (var (name, entries) in shards.Namespaces)
        {
            StateRoot.Save(Path.Combine(shards.Root, name, "entries.json"), entries, context.CancellationToken);
        }

        StateRoot.Save(Path.Combine(shards.Root, "hashes.json"), shards.Hashes, context.CancellationToken);
        return Value.Nil;
    }

    /// <summary>The key of a directory: '/'-separated, relative, <c>.</c> for the root.</summary>
    private static string Key(string dir)
    {
        var normalized = PathHelpers.Normalize(dir.Length == 0 ? "." : dir);
        return normalized.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : ".";
    }

    /// <summary>The directory and its ancestors, outermost first: <c>.</c>, <c>a</c>, <c>a/b</c>.</summary>
    private static IEnumerable<string> Chain(string key)
    {
        yield return ".";
        if (key == ".")
        {
            yield break;
        }

        var segments = key.Split('/');
        for (var i = 1; i <= segments.Length; i++)
        {
            yield return string.Join('/', segments[..i]);
        }
    }

    private static HarnDict? ResolveNamespace(Shards shards, string name, string key)
    {
        if (!shards.Namespaces.TryGetValue(name, out var entries))
        {
            return null;
        }

        HarnDict? merged = null;
        foreach (var level in Chain(key))
        {
            if (entries.GetDict(level) is { } local)
            {
                merged ??= HarnDict.Empty;
                foreach (var (field, value) in local)
                {
                    merged = merged.With(field, value);
                }
            }
        }

        return merged;
    }

    private static Value ResolveAll(Shards shards, string key)
    {
        var all = HarnDict.Empty;
        foreach (var name in shards.Namespaces.Keys)
        {
            if (ResolveNamespace(shards, name, key) is { } resolved)
            {
                all = all.With(name, Value.FromDict(resolved));
            }
        }

        return all.Count == 0 ? Value.Nil : Value.FromDict(all);
    }

    private static Value Resolve(BuiltinContext context, ReadOnlySpan<Value> args, string function)
    {
        var key = Key(Args.OptionalString(args, 0, function, "."));
        var shards = Of(context);
        var name = Args.At(args, 1);
        if (name.IsNil)
        {
            return ResolveAll(shards, key);
        }

        return ResolveNamespace(shards, Args.String(args, 1, function), key) is { } resolved ? Value.FromDict(resolved) : Value.Nil;
    }

    private static Value Set(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var key = Key(Args.String(args, 0, "metadata_set"));
        var name = Args.String(args, 1, "metadata_set");
        var data = Args.Dict(args, 2, "metadata_set");
        var shards = Of(context);
        var entries = shards.Namespaces.TryGetValue(name, out var existing) ? existing : HarnDict.Empty;
        shards.Namespaces[name] = entries.With(key, Value.FromDict(data));
        StateRoot.Save(Path.Combine(shards.Root, name, "entries.json"), shards.Namespaces[name], context.CancellationToken);
        return Value.Nil;
    }

    private static SortedSet<string> Directories(Shards shards, string? name)
    {
        var directories = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (ns, entries) in shards.Namespaces)
        {
            if (name is null || ns == name)
            {
                directories.UnionWith(entries.Keys.ToArray());
            }
        }

        return directories;
    }

    private static Value Entries(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var shards = Of(context);
        var name = Args.At(args, 0).IsNil ? null : Args.String(args, 0, "metadata_entries");
        var list = new List<Value>();
        foreach (var dir in Directories(shards, name))
        {
            Value local;
            if (name is not null)
            {
                local = shards.Namespaces[name].Get(dir, Value.Nil);
            }
            else
            {
                var all = HarnDict.Empty;
                foreach (var (ns, entries) in shards.Namespaces)
                {
                    if (entries.TryGetValue(dir, out var data))
                    {
                        all = all.With(ns, data);
                    }
                }

                local = Value.FromDict(all);
            }

            var resolved = name is not null
                ? ResolveNamespace(shards, name, dir) is { } r ? Value.FromDict(r) : Value.Nil
                : ResolveAll(shards, dir);
            list.Add(HostValues.Dict(("dir", Value.FromString(dir)), ("local", local), ("resolved", resolved)));
        }

        return HostValues.List(list);
    }

    private static Value Status(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var shards = Of(context);
        var name = Args.At(args, 0).IsNil ? null : Args.String(args, 0, "metadata_status");
        var directories = Directories(shards, name);
        return HostValues.Dict(
            ("directory_count", Value.FromInt(directories.Count)),
            ("namespace_count", Value.FromInt(shards.Namespaces.Count)),
            ("namespaces", HostValues.Strings(shards.Namespaces.Keys)),
            ("missing_content_hash", HostValues.Strings(directories.Where(dir => !shards.Hashes.ContainsKey(dir)))),
            ("stale", Stale(context, shards)));
    }

    private static Value Stale(BuiltinContext context, Shards shards)
    {
        var tier1 = new SortedSet<string>(StringComparer.Ordinal);
        var tier2 = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var dir in Directories(shards, null))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var current = new Lazy<string>(() => ContentHash(dir));
            foreach (var entries in shards.Namespaces.Values)
            {
                if (entries.GetDict(dir)?.GetString("structureHash") is { } recorded && recorded != current.Value)
                {
                    tier1.Add(dir);
                }
            }

            if (shards.Hashes.GetString(dir) is { } hash && hash != current.Value)
            {
                tier2.Add(dir);
            }
        }

        return HostValues.Dict(
            ("any_stale", Value.FromBool(tier1.Count + tier2.Count > 0)),
            ("tier1", HostValues.Strings(tier1)),
            ("tier2", HostValues.Strings(tier2)));
    }

    private static Value RefreshHashes(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var shards = Of(context);
        foreach (var dir in Directories(shards, null))
        {
            shards.Hashes = shards.Hashes.With(dir, Value.FromString(ContentHash(dir)));
        }

        StateRoot.Save(Path.Combine(shards.Root, "hashes.json"), shards.Hashes, context.CancellationToken);
        return Value.Nil;
    }

    /// <summary>Drops the <c>facts</c> namespace recorded on a directory so it is gathered again.</summary>
    private static Value InvalidateFacts(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var key = Key(Args.OptionalString(args, 0, "invalidate_facts", "."));
        var shards = Of(context);
        if (shards.Namespaces.TryGetValue("facts", out var facts) && facts.ContainsKey(key))
        {
            shards.Namespaces["facts"] = facts.Without(key);
            StateRoot.Save(Path.Combine(shards.Root, "facts", "entries.json"), shards.Namespaces["facts"], context.CancellationToken);
        }

        return Value.Nil;
    }

    /// <summary>SHA-256 over the names and contents of the files directly inside a directory (name order).</summary>
    public static string ContentHash(string dir)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var full = HostPaths.Full(dir);
        if (Directory.Exists(full))
        {
            try
            {
                foreach (var file in Directory.EnumerateFiles(full).Order(StringComparer.Ordinal))
                {
                    hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\0"));
                    hash.AppendData(File.ReadAllBytes(file));
                }
            }
            catch (Exception error) when (HostErrors.IsHostFailure(error))
            {
                throw HostErrors.Io($"compute_content_hash: failed to read {dir}", error);
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }
}
