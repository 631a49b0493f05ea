namespace Harn.Runtime;

/// <summary>The name and field order of a struct type; shared by all its instances.</summary>
public sealed class StructLayout
{
    private readonly Dictionary<string, int>? _index;

    public StructLayout(string name, IReadOnlyList<string> fieldNames)
    {
        Name = name;
        FieldNames = fieldNames.ToArray();
        // Few fields are faster to scan than to hash.
        if (FieldNames.Count > 8)
        {
            _index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < FieldNames.Count; i++)
            {
                _index.TryAdd(FieldNames[i], i);
            }
        }
    }

    public string Name { get; }

    public IReadOnlyList<string> FieldNames { get; }

    /// <summary>Index of the field, or -1.</summary>
    public int IndexOf(string field)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(field, out var found) ? found : -1;
        }

        for (var i = 0; i < FieldNames.Count; i++)
        {
            if (FieldNames[i] == field)
            {
                return i;
            }
        }

        return -1;
    }
}
