using Harn.Runtime;

namespace Harn.Stdlib.Skills;

/// <summary>
/// Filesystem skills: every <c>&lt;name&gt;/SKILL.md</c> under the layered skill directories,
/// loaded when a run first asks for them as compact cards into the <c>skills</c> global (same shape as
/// <c>skill_registry()</c>). Layers, highest priority first (a name found in a higher layer hides
/// the same name below): <c>env</c> (<c>HARN_SKILLS_PATH</c>, path-separated), <c>project</c>
/// (<c>.harn/skills</c> under the project root, the nearest directory with a <c>harn.toml</c>, else
/// the script's directory), <c>manifest</c> (<c>[skills] paths</c> of that <c>harn.toml</c>) and
/// <c>user</c> (<c>~/.harn/skills</c>). <c>[skills] disable = ["user", ...]</c> turns layers off.
/// </summary>
internal sealed class SkillDiscovery
{
    public const string GlobalName = "skills";

    private static readonly RunLocal<Lazy<SkillDiscovery>> Installed = new(() => new Lazy<SkillDiscovery>(() => Discover(null)));

    private SkillDiscovery(string root, SkillManifest manifest, Value registry)
    {
        ProjectRoot = root;
        Manifest = manifest;
        Registry = registry;
    }

    /// <summary>The project root the layers were resolved against.</summary>
    public string ProjectRoot { get; }

    public SkillManifest Manifest { get; }

    /// <summary>The discovered registry (the <c>skills</c> global's value).</summary>
    public Value Registry { get; }

    /// <summary>Directories holding trusted signer keys (<c>&lt;fingerprint&gt;.pub</c>).</summary>
    public IReadOnlyList<string> SignerRegistries =>
        Manifest.SignerRegistry is { Length: > 0 } url ? [Path.GetFullPath(StripFileScheme(url), ProjectRoot)] : [];

    /// <summary>True when the manifest or <c>HARN_REQUIRE_SIGNED_SKILLS</c> demands signed skills.</summary>
    public bool RequireSignature =>
        Manifest.RequireSignature || Environment.GetEnvironmentVariable("HARN_REQUIRE_SIGNED_SKILLS") is "1" or "true" or "yes";

    /// <summary>
    /// Defines the <c>skills</c> global of a run started in <paramref name="directory"/>; the
    /// skills are discovered when the run first needs them. A run that may not read skill files
    /// (<paramref name="mayRead"/> false: its sandbox denies <c>load_skill</c>) finds none.
    /// </summary>
    public static void Install(BuiltinContext context, BuiltinRegistry builtins, string? directory, bool mayRead)
    {
        var discovery = new Lazy<SkillDiscovery>(() => mayRead
            ? Discover(directory)
            : new SkillDiscovery(directory ?? Directory.GetCurrentDirectory(), SkillManifest.None, SkillRegistry.Create([])));
        Installed.Set(context, discovery);
        builtins.RegisterGlobal(GlobalName, () => discovery.Value.Registry);
    }

    /// <summary>The run's discovery (see <see cref="Install"/>; the working directory's for a run that was not installed).</summary>
    public static SkillDiscovery Of(BuiltinContext context) => Installed.Get(context).Value;

    public static SkillDiscovery Discover(string? directory)
    {
        var start = directory ?? Directory.GetCurrentDirectory();
        var root = RuntimePaths.ProjectRoot(start) ?? start;
        var manifest = SkillManifest.Read(root);
        var disabled = manifest.Disable.ToHashSet(StringComparer.Ordinal);
        var layers = new List<(string Source, string Directory)>();
        if (Environment.GetEnvironmentVariable("HARN_SKILLS_PATH") is { Length: > 0 } fromEnv)
        {
            layers.AddRange(fromEnv.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(d => ("env", Path.GetFullPath(d, start))));
        }

        layers.Add(("project", Path.Combine(root, ".harn", "skills")));
        layers.AddRange(manifest.Paths.Select(p => ("manifest", Path.GetFullPath(p, root))));
        if (Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home)
        {
            layers.Add(("user", Path.Combine(home, ".harn", "skills")));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<Value>();
        foreach (var (source, skillsDirectory) in layers)
        {
            if (disabled.Contains(source))
            {
                continue;
            }

            foreach (var entry in Load(skillsDirectory, source))
            {
                if (seen.Add(SkillRegistry.NameOf(entry)))
                {
                    entries.Add(Value.FromDict(entry));
                }
            }
        }

        return new SkillDiscovery(root, manifest, SkillRegistry.Create(entries));
    }

    /// <summary>The cards of every <c>&lt;name&gt;/SKILL.md</c> directly under <paramref name="directory"/>, by directory name.</summary>
    private static IEnumerable<HarnDict> Load(string directory, string source)
    {
        string[] bundles;
        try
        {
            if (!Directory.Exists(directory))
            {
                return [];
            }

            bundles = Directory.GetDirectories(directory);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        Array.Sort(bundles, StringComparer.Ordinal);
        var cards = new List<HarnDict>();
        foreach (var bundle in bundles)
        {
            var file = Path.Combine(bundle, "SKILL.md");
            try
            {
                if (File.Exists(file))
                {
                    cards.Add(Card(File.ReadAllText(file), bundle, file, source));
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // An unreadable bundle is skipped like a missing one.
            }
        }

        return cards;
    }

    /// <summary>A compact card: the frontmatter fields (snake case), without the body, tagged with where it came from.</summary>
    public static HarnDict Card(string text, string bundle, string file, string source)
    {
        var (fields, _) = SkillFrontmatter.Parse(text);
        var name = fields.TryGetValue("name", out var declared) && declared.Kind == ValueKind.String && declared.AsString.Length > 0
            ? declared.AsString
            : Path.GetFileName(bundle);
        var card = fields
            .Without("body")
            .With("name", Value.FromString(name))
            .With("source", Value.FromString(source))
            .With("skill_dir", Value.FromString(bundle))
            .With("skill_path", Value.FromString(file));
        return card.TryGetValue("description", out var description) && description.Kind == ValueKind.String
            ? card
            : card.With("description", Value.FromString(string.Empty));
    }

    private static string StripFileScheme(string url) =>
        url.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? url["file://".Length..] : url;
}
