namespace Harn.Conformance;

/// <summary>
/// The conformance tests that must keep passing: one path relative to the suite folder per
/// line; <c>#</c> starts a comment. A comment that is only a test path holds that test back:
/// updating the list never adds it (tests that pass but flake under load).
/// </summary>
internal sealed class RatchetList
{
    private readonly string _file;

    private RatchetList(string file, SortedSet<string> entries, HashSet<string> heldBack)
    {
        _file = file;
        Entries = entries;
        _heldBack = heldBack;
    }

    private readonly HashSet<string> _heldBack;

    public SortedSet<string> Entries { get; }

    public static RatchetList Load(string file)
    {
        var entries = new SortedSet<string>(StringComparer.Ordinal);
        var heldBack = new HashSet<string>(StringComparer.Ordinal);
        if (File.Exists(file))
        {
            foreach (var raw in File.ReadLines(file))
            {
                var hash = raw.IndexOf('#');
                var entry = (hash >= 0 ? raw[..hash] : raw).Trim().Replace('\\', '/');
                if (entry.Length > 0)
                {
                    entries.Add(entry);
                }

                var comment = hash >= 0 ? raw[(hash + 1)..].Trim().Replace('\\', '/') : string.Empty;
                if (comment.EndsWith(".harn", StringComparison.Ordinal) && !comment.Contains(' ', StringComparison.Ordinal))
                {
                    heldBack.Add(comment);
                }
            }
        }

        return new RatchetList(file, entries, heldBack);
    }

    /// <summary>Appends the paths not listed yet, sorted, leaving the existing lines as they are; returns how many.</summary>
    public int Add(IEnumerable<string> paths)
    {
        var added = paths.Where(path => !_heldBack.Contains(path)).Where(Entries.Add).Order(StringComparer.Ordinal).ToList();
        if (added.Count > 0)
        {
            var text = File.Exists(_file) ? File.ReadAllText(_file) : string.Empty;
            var separator = text.Length > 0 && !text.EndsWith('\n') ? "\n" : string.Empty;
            File.AppendAllText(_file, separator + string.Join('\n', added) + "\n");
        }

        return added.Count;
    }
}
