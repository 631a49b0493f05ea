using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>
/// Deterministic risk classification of a command request (<c>command_risk_scan</c>): the standard
/// labels <c>destructive</c>, <c>write_intent</c>, <c>outside_workspace</c>, <c>curl_pipe_shell</c>,
/// <c>credential_file_read</c>, <c>network_exfil</c>, <c>sudo</c>, <c>package_install</c>,
/// <c>git_force_push</c> and <c>process_kill</c>, found from the program, its arguments and any
/// shell text, with a rationale and a recommended action.
/// </summary>
internal static class CommandRiskScan
{
    private static readonly string[] CredentialMarkers =
        [".env", "id_rsa", "id_ed25519", ".ssh/", ".aws/credentials", ".netrc", ".npmrc", ".pypirc", "credentials.json", ".pem", ".key", ".git-credentials"];

    private static readonly HashSet<string> Readers = new(StringComparer.Ordinal)
        { "cat", "less", "more", "head", "tail", "grep", "rg", "awk", "sed", "strings", "xxd", "od", "base64", "cp", "scp", "source", "." };

    private static readonly HashSet<string> NetworkPrograms = new(StringComparer.Ordinal)
        { "curl", "wget", "nc", "ncat", "netcat", "scp", "sftp", "ftp", "rsync", "ssh", "telnet" };

    private static readonly HashSet<string> Writers = new(StringComparer.Ordinal)
        { "rm", "mv", "cp", "tee", "touch", "mkdir", "rmdir", "chmod", "chown", "ln", "truncate", "dd", "install", "patch" };

    /// <summary>The labels and their reasons for a request's argv (or shell text) and cwd.</summary>
    public static (List<string> Labels, List<string> Reasons) Classify(IReadOnlyList<string> argv, string? cwd, IReadOnlyList<string> workspaceRoots)
    {
        var labels = new List<string>();
        var reasons = new List<string>();
        void Add(string label, string reason)
        {
            if (!labels.Contains(label))
            {
                labels.Add(label);
                reasons.Add(reason);
            }
        }

        // Shell text (sh -c "...") is split into its words so the same rules see what it runs.
        var words = argv.SelectMany(a => a.Split([' ', '\t', '\n', ';', '&', '|', '(', ')', '`', '"', '\''], StringSplitOptions.RemoveEmptyEntries)).ToList();
        var text = string.Join(" ", argv);
        var programs = Programs(argv);
        if (programs.Overlaps(["sudo", "doas", "su"]))
        {
            Add("sudo", "runs with elevated privileges");
        }

        if ((programs.Contains("rm") && words.Any(w => w.StartsWith('-') && w.Contains('r', StringComparison.Ordinal))) || programs.Overlaps(["mkfs", "shred", "wipefs"])
            || text.Contains("dd if=", StringComparison.Ordinal) || text.Contains("> /dev/sd", StringComparison.Ordinal))
        {
            Add("destructive", "deletes or overwrites data recursively");
        }

        if (programs.Overlaps(Writers) || text.Contains('>', StringComparison.Ordinal) || (programs.Contains("sed") && words.Contains("-i")) || (programs.Contains("git") && words.Intersect(["commit", "push", "reset", "checkout", "clean"]).Any()))
        {
            Add("write_intent", "writes to the file system or repository");
        }

        if (programs.Overlaps(["curl", "wget"]) && programs.Overlaps(["sh", "bash", "zsh", "python", "python3"]) && text.Contains('|', StringComparison.Ordinal))
        {
            Add("curl_pipe_shell", "pipes downloaded content into a shell");
        }

        if (words.Any(w => CredentialMarkers.Any(marker => w.EndsWith(marker, StringComparison.Ordinal) || w.Contains(marker == ".env" ? "/.env" : marker, StringComparison.Ordinal)))
            && (programs.Overlaps(Readers) || programs.Overlaps(NetworkPrograms)))
        {
            Add("credential_file_read", "reads a credential or secrets file");
        }

        if (programs.Overlaps(NetworkPrograms))
        {
            Add("network_exfil", "sends data over the network");
        }

        if (words.Contains("install") && programs.Overlaps(["apt", "apt-get", "yum", "dnf", "brew", "pip", "pip3", "npm", "pnpm", "yarn", "cargo", "gem", "go"])
            || (programs.Contains("npm") && words.Contains("i")) || (programs.Contains("yarn") && words.Contains("add")))
        {
            Add("package_install", "installs packages");
        }

        if (programs.Contains("git") && words.Contains("push") && words.Any(w => w is "-f" or "--force" or "--force-with-lease" || w.StartsWith("+", StringComparison.Ordinal)))
        {
            Add("git_force_push", "force-pushes git history");
        }

        if (programs.Overlaps(["kill", "pkill", "killall", "taskkill"]))
        {
            Add("process_kill", "terminates processes");
        }

        if (workspaceRoots.Count > 0 && OutsideWorkspace(words, cwd, workspaceRoots) is { } outside)
        {
            Add("outside_workspace", $"touches {outside} outside the workspace roots");
        }

        return (labels, reasons);
    }

    /// <summary>The program names of a request: argv[0] and the first word of each shell segment.</summary>
    private static HashSet<string> Programs(IReadOnlyList<string> argv)
    {
        var programs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in argv)
        {
            foreach (var segment in part.Split([';', '&', '|', '\n', '(', ')', '`'], StringSplitOptions.RemoveEmptyEntries))
            {
                var first = segment.Trim().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
                if (first is not null)
                {
                    programs.Add(Path.GetFileName(first));
                }
            }
        }

        return programs;
    }

    private static string? OutsideWorkspace(IEnumerable<string> words, string? cwd, IReadOnlyList<string> roots)
    {
        bool Inside(string path)
        {
            var full = Path.GetFullPath(path);
            return roots.Any(root =>
            {
                var r = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
                return full == r || full.StartsWith(r + Path.DirectorySeparatorChar, StringComparison.Ordinal);
            });
        }

        if (cwd is not null && !Inside(cwd))
        {
            return cwd;
        }

        return words.FirstOrDefault(w => Path.IsPathRooted(w) && !w.StartsWith("/dev/", StringComparison.Ordinal) && !Inside(w));
    }

    public static Value Report(List<string> labels, List<string> reasons, string source) => HostValues.Dict(
        ("risk_labels", HostValues.Strings(labels)),
        ("confidence", Value.FromFloat(labels.Count == 0 ? 0.9 : 1.0)),
        ("rationale", Value.FromString(labels.Count == 0 ? "no risky pattern found" : string.Join("; ", labels.Zip(reasons, (l, r) => $"{l}: {r}")))),
        ("recommended_action", Value.FromString(labels.Count == 0 ? "allow" : labels.Intersect(["destructive", "curl_pipe_shell", "git_force_push"]).Any() ? "deny" : "require_approval")),
        ("source", Value.FromString(source)));
}
